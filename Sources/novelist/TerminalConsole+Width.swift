import Foundation

extension TerminalConsole {
    /// The terminal's width in columns (TIOCGWINSZ on stdout), nil when stdout is not a terminal.
    var terminalWidth: Int? {
        var ws = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
        return Int(ws.ws_col)
    }
}
