using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Airwave.Node.Icecast;

/// <summary>Linux's <c>epoll(7)</c> and <c>eventfd(2)</c>, for <see cref="EpollThread"/>: .NET waits on a socket only through an operation of its own.</summary>
internal static unsafe partial class NativeEpoll
{
    /// <summary>Readable: bytes are waiting, or the peer ended its side.</summary>
    public const uint In = 0x001;

    /// <summary>Writable: the socket's send buffer has room again (reported with an error or hang-up as well).</summary>
    public const uint Out = 0x004;

    /// <summary>Reported once, then disarmed until the descriptor is armed again with <see cref="ControlModify"/>.</summary>
    public const uint OneShot = 1u << 30;

    public const int ControlAdd = 1;
    public const int ControlDelete = 2;
    public const int ControlModify = 3;

    public const int Interrupted = 4;

    private const int CloseOnExec = 0x80000;
    private const int NonBlocking = 0x800;

    /// <summary>
    /// The size of <c>struct epoll_event</c>: packed to 12 bytes on x86-64 (its <c>data</c> right after the 4-byte
    /// <c>events</c>), 16 with <c>data</c> aligned to 8 elsewhere.
    /// </summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int DataOffset = EventSize - 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epoll, int operation, int fd, byte* @event);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>A new epoll instance's descriptor, or -1 with the error in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    public static int Create() => EpollCreate1(CloseOnExec);

    /// <summary>A non-blocking event counter's descriptor (one to wake a waiting thread), or -1.</summary>
    public static int CreateEvent() => EventFd(0, CloseOnExec | NonBlocking);

    /// <summary>Adds, arms again or deletes <paramref name="fd"/>; 0, or -1 with the error in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    public static int Control(int epoll, int operation, int fd, uint events, ulong data)
    {
        var buffer = stackalloc byte[16];
        var span = new Span<byte>(buffer, 16);
        BinaryPrimitives.WriteUInt32LittleEndian(span, events);
        BinaryPrimitives.WriteUInt64LittleEndian(span[DataOffset..], data);
        return EpollCtl(epoll, operation, fd, buffer);
    }

    /// <summary>Waits for events into <paramref name="events"/> (<see cref="EventSize"/> bytes each): how many, or -1.</summary>
    public static int Wait(int epoll, byte[] events, int timeoutMilliseconds)
    {
        fixed (byte* buffer = events)
        {
            return EpollWait(epoll, buffer, events.Length / EventSize, timeoutMilliseconds);
        }
    }

    /// <summary>The <c>data</c> the <paramref name="index"/>th event of <see cref="Wait"/> was armed with.</summary>
    public static ulong DataOf(byte[] events, int index) =>
        BinaryPrimitives.ReadUInt64LittleEndian(events.AsSpan((index * EventSize) + DataOffset, 8));

    /// <summary>Adds one to an event counter, which makes it readable.</summary>
    public static void Signal(int eventFd)
    {
        var one = 1UL;
        _ = Write(eventFd, (byte*)&one, sizeof(ulong));
    }
}
