import Foundation

/// Finds themes by name: the built-in ones (compiled in from `themes/`) and
/// the user's, from `$XDG_CONFIG_HOME/tangle/themes/NAME.json`
/// (`~/.config/tangle/themes`). A user theme with a built-in's name wins.
public enum ThemeLibrary {
    /// The theme used when none is asked for, or when the asked-for one is bad.
    public static let defaultName = "dark"

    /// Names of the built-in themes, default first.
    public static var builtinNames: [String] {
        [defaultName] + builtinFiles.map(\.name).filter { $0 != defaultName }
    }

    /// A built-in theme by name (nil if there is none). Built-ins are checked
    /// by the tests, so parsing them cannot fail at run time.
    public static func builtin(_ name: String) -> Theme? {
        builtinThemes[name]
    }

    private static let builtinThemes: [String: Theme] = {
        var themes: [String: Theme] = [:]
        // dark first: the others inherit missing keys from it.
        let ordered = builtinFiles.sorted { a, _ in a.name == defaultName }
        for (name, text) in ordered {
            let theme = try? ThemeReader.parse(Array(text.utf8), file: "themes/\(name).json") { base in
                name == defaultName && base == defaultName ? Theme.empty : themes[base]
            }
            if let theme { themes[name] = theme }
        }
        return themes
    }()

    /// Parses one built-in file, throwing what a bad one would say (for tests).
    static func parseBuiltin(_ name: String) throws -> Theme {
        guard let text = builtinFiles.first(where: { $0.name == name })?.text else {
            throw RenderError("no built-in theme \"\(name)\"")
        }
        return try ThemeReader.parse(Array(text.utf8), file: "themes/\(name).json") { base in
            name == defaultName && base == defaultName ? Theme.empty : builtin(base)
        }
    }

    /// The directory user themes are read from.
    public static func userDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/tangle/themes" }
        return (environment["HOME"] ?? "") + "/.config/tangle/themes"
    }

    /// Reads a theme file: errors name the file and the key.
    public static func load(file path: String) throws -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RenderError(file: path, "cannot read the file")
        }
        return try ThemeReader.parse(Array(data), file: path) { base in try resolve(base, visiting: [path]) }
    }

    /// The themes installed beside the executable (`make install` puts them
    /// in PREFIX/share/tangle/themes, tangle in PREFIX/bin), looked in after
    /// the user's directory.
    public static var installedDirectory: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().deletingLastPathComponent().path + "/share/tangle/themes"
    }

    /// Parses theme text (as if read from `file`).
    public static func parse(_ text: String, file: String) throws -> Theme {
        try ThemeReader.parse(Array(text.utf8), file: file) { base in try resolve(base, visiting: [file]) }
    }

    /// The theme called `name` (or at a path, when `name` contains a `/` or
    /// ends in `.json`). On any problem: the default theme and a warning to show.
    public static func named(_ name: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (theme: Theme, warning: String?) {
        do {
            if let theme = try find(name, environment: environment, visiting: []) { return (theme, nil) }
            let known = (builtinNames + userThemeNames(environment: environment)).joined(separator: ", ")
            return (builtin(defaultName)!, "no theme named \"\(name)\" (known: \(known)); using \(defaultName)")
        } catch {
            return (builtin(defaultName)!, "\(error); using \(defaultName)")
        }
    }

    /// Names of the themes in the user directory.
    public static func userThemeNames(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let dir = userDirectory(environment: environment)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    private static func find(_ name: String, environment: [String: String], visiting: [String]) throws -> Theme? {
        let isPath = name.contains("/") || name.hasSuffix(".json")
        var path = isPath ? name : userDirectory(environment: environment) + "/\(name).json"
        if !isPath && !FileManager.default.fileExists(atPath: path) && builtin(name) == nil {
            let installed = installedDirectory + "/\(name).json"
            if FileManager.default.fileExists(atPath: installed) { path = installed }
        }
        if visiting.contains(path) {
            // A user theme based on the built-in it replaces ("base": "dark" in dark.json).
            if let b = builtin(name) { return b }
            throw RenderError(file: path, key: "base", "themes inherit from each other in a loop")
        }
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RenderError(file: path, "cannot read the file")
            }
            return try ThemeReader.parse(Array(data), file: path) { base in
                try find(base, environment: environment, visiting: visiting + [path]) ?? builtin(base)
            }
        }
        if isPath { throw RenderError(file: path, "no such theme file") }
        return builtin(name)
    }

    private static func resolve(_ base: String, visiting: [String]) throws -> Theme? {
        try find(base, environment: ProcessInfo.processInfo.environment, visiting: visiting)
    }
}

extension Theme {
    /// A theme with no colours, the base of the default theme (which gives every key).
    static let empty = Theme(
        name: "", description: "", background: RGB(0, 0, 0), palette: [], other: RGB(128, 128, 128),
        outline: RGB(0, 0, 0), outlineWidth: 1, edge: RGB(128, 128, 128), edgeAlpha: 0.3,
        highlight: RGB(255, 255, 255), match: RGB(255, 0, 0), dim: RGB(32, 32, 32), dimAmount: 0.75,
        label: RGB(255, 255, 255), labelBackground: RGB(0, 0, 0), labelBackgroundAlpha: 0.75)
}
