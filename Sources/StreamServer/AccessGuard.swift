import HTTPTypes
import Hummingbird
import HummingbirdCore

/// The middleware in front of every route: no valid token, no answer (401,
/// the same short body for every path, so nothing about the server leaks).
/// With a token it also refuses what this server never needs: methods other
/// than GET/HEAD, request bodies, over-long URIs.
///
/// The token comes in the query once (`?token=…`); the answer then sets a
/// cookie (HttpOnly, SameSite=Strict, per port) so the page's own requests need
/// nothing in their URLs. `Authorization: Bearer …` works too, for scripts.
struct AccessGuard<Context: RequestContext>: RouterMiddleware {
    let token: AccessToken
    let cookieName: @Sendable () -> String
    let statistics: StreamStatistics
    let maxURILength: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let fromQuery = request.uri.queryParameters["token"]
        let viaQuery = fromQuery.map { token.matches($0) } ?? false
        guard viaQuery || presentsCookie(request) || presentsBearer(request) else {
            statistics.unauthorized.add(1, ordering: .relaxed)
            return Self.plain(.unauthorized, "401 Unauthorized: open the URL with ?token=… that tangle serve printed.\n",
                              close: true)
        }
        guard request.method == .get || request.method == .head else {
            statistics.badRequests.add(1, ordering: .relaxed)
            var response = Self.plain(.methodNotAllowed, "405 Method Not Allowed: only GET and HEAD.\n", close: true)
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        if hasBody(request) {
            statistics.badRequests.add(1, ordering: .relaxed)
            return Self.plain(.contentTooLarge, "413 Content Too Large: this server takes no request bodies.\n", close: true)
        }
        if request.uri.description.utf8.count > maxURILength {
            statistics.badRequests.add(1, ordering: .relaxed)
            return Self.plain(.uriTooLong, "414 URI Too Long.\n", close: true)
        }
        if viaQuery, request.uri.path == "/" {
            // Take the token out of the address bar (and history); the cookie carries it from now on.
            var response = Response(status: .seeOther)
            response.headers[.location] = "/"
            response.headers[.setCookie] = cookie()
            response.headers[.cacheControl] = "no-store"
            return response
        }
        var response = try await next(request, context)
        if viaQuery { response.headers[.setCookie] = cookie() }
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func cookie() -> String {
        "\(cookieName())=\(token.value); Path=/; HttpOnly; SameSite=Strict"
    }

    private func presentsCookie(_ request: Request) -> Bool {
        let name = cookieName()
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop(while: { $0 == " " })
                guard let eq = trimmed.firstIndex(of: "=") else { continue }
                if trimmed[..<eq] == name, token.matches(trimmed[trimmed.index(after: eq)...]) { return true }
            }
        }
        return false
    }

    private func presentsBearer(_ request: Request) -> Bool {
        guard let value = request.headers[.authorization], value.hasPrefix("Bearer ") else { return false }
        return token.matches(value.dropFirst("Bearer ".count))
    }

    private func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength], length != "0" { return true }
        return request.headers[.transferEncoding] != nil
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String, close: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
        if close { headers[.connection] = "close" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
