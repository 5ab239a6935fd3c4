import ArgumentParser
import NIOCore
import NIOPosix
import VolunteerAPI

// Swift concurrency's jobs run on NIO's event loops, so that a request does
// not hop between the global pool's threads and the loops that own its
// sockets (HTTP and PostgreSQL) at every await. The hook must be in place
// before the first task starts, hence this file instead of `@main`.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

do {
    // The concrete type: through `any AsyncParsableCommand` the synchronous
    // default `run()` would be chosen, which only prints the help.
    let command = try ServerCommand.parse()
    try await command.run()
} catch {
    ServerCommand.exit(withError: error)
}
