/// The version novelist reports (the User-Agent, `--version`, the REPL banner).
package enum NovelistVersion {
    package static let current = "0.1.0"
}
