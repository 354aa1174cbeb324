using System.Runtime.InteropServices;

namespace Airwave.Node.Icecast;

/// <summary>POSIX <c>poll(2)</c>: the one system call .NET does not offer over many sockets without a buffer or an operation per socket.</summary>
internal static partial class NativePoll
{
    /// <summary>Readable: bytes are waiting, or the peer ended its side (a read would answer 0).</summary>
    public const short In = 0x001;

    /// <summary>An error on the socket (a reset, for one); always reported.</summary>
    public const short Error = 0x008;

    /// <summary>Hung up; always reported.</summary>
    public const short HangUp = 0x010;

    /// <summary>The descriptor is not open; always reported.</summary>
    public const short Invalid = 0x020;

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> (0: not at all) for an event on any of <paramref name="count"/> descriptors.</summary>
    /// <returns>How many descriptors have events, or -1 with the error in <see cref="Marshal.GetLastPInvokeError"/>.</returns>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll([In, Out] Descriptor[] descriptors, nuint count, int timeoutMilliseconds);

    /// <summary><c>struct pollfd</c>: the same layout on every Linux architecture.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Descriptor(int fd, short events)
    {
        public int Fd = fd;
        public short Events = events;
        public short ReturnedEvents;
    }
}
