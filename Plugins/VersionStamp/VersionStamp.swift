import Foundation
import PackagePlugin

/// Stamps `tangle` with the commit it is built from: before every build,
/// scripts/version-stamp.sh writes BuildCommit.swift (`git describe` of the
/// package's checkout, `-dirty` with uncommitted changes, "unknown" outside
/// git) into the plugin's work directory, rewriting it only when the text
/// changes, so an unchanged tree recompiles nothing. Nothing generated is
/// committed, and a clean clone builds with plain `swift build`.
@main
struct VersionStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        return [
            .prebuildCommand(
                displayName: "Stamping the commit into \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [
                    context.package.directoryURL.appending(path: "scripts/version-stamp.sh").path,
                    context.package.directoryURL.path,
                    output.appending(path: "BuildCommit.swift").path,
                ],
                outputFilesDirectory: output),
        ]
    }
}
