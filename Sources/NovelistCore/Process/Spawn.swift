import Foundation

/// Starting a program and waiting for it, the one way novelist does it (pandoc, the pager, the editor):
/// `posix_spawn` with an argument vector, never a shell; no descriptor of novelist's leaks into the child
/// beyond the three standard ones.
package enum Spawn {
    /// Where the child's standard input comes from.
    package enum Input: Sendable {
        case inherit, null
        /// The read end of a pipe; `closeInChild` are descriptors the child must not keep (the write end).
        case descriptor(Int32, closeInChild: [Int32])
    }
    /// Where the child's standard output and error go.
    package enum Output: Sendable {
        case inherit
        /// Both into this file (created beforehand), truncated.
        case file(String)
    }

    package struct Failure: Error, Sendable {
        package var errno: Int32
        package var message: String { String(cString: strerror(errno)) }
    }

    /// Starts `argv[0]` (looked up on PATH when `searchPath`) and returns its pid.
    /// `newProcessGroup`: the child gets a group of its own, so a Ctrl-C meant for novelist does not reach it
    /// and the group can be ended as a whole later.
    package static func start(
        _ argv: [String], searchPath: Bool, input: Input = .inherit, output: Output = .inherit,
        environment: [String: String]? = nil, newProcessGroup: Bool = false
    ) throws(Failure) -> pid_t {
        precondition(!argv.isEmpty, "a program to start")
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if newProcessGroup {
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch input {
        case .inherit: break
        case .null: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .descriptor(let fd, let others):
            posix_spawn_file_actions_adddup2(&actions, fd, 0)
            for other in others { posix_spawn_file_actions_addclose(&actions, other) }
        }
        if case .file(let path) = output {
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // The child inherits no other descriptor (glibc 2.34's closefrom action, looked up at run time).
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        let cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        let cenv: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for p in cenv ?? [] { free(p) } }
        var pid = pid_t()
        let rc = cargs.withUnsafeBufferPointer { a -> Int32 in
            let argvPointer = UnsafeMutablePointer(mutating: a.baseAddress!)
            func run(_ envp: UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
                searchPath
                    ? posix_spawnp(&pid, argv[0], &actions, &attributes, argvPointer, envp)
                    : posix_spawn(&pid, argv[0], &actions, &attributes, argvPointer, envp)
            }
            guard let cenv else { return run(environ) }
            return cenv.withUnsafeBufferPointer { e in run(e.baseAddress) }
        }
        guard rc == 0 else { throw Failure(errno: rc) }
        return pid
    }

    /// Waits for `pid` (through EINTR) and returns its exit status, or 128 + the signal that ended it.
    package static func wait(_ pid: pid_t) throws(Failure) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw Failure(errno: errno) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (they are macros).
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
