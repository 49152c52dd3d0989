/// The version novelist reports (the User-Agent, `--version`, the REPL banner).
public enum NovelistVersion {
    public static let current = "0.1.0"
}
