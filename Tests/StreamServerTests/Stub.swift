import Testing
import HummingbirdTesting
import HummingbirdWSClient
@testable import StreamServer
