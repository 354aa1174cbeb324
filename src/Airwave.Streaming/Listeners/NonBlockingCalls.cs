using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Airwave.Streaming.Listeners;

/// <summary>
/// Linux's <c>send(2)</c>, <c>sendmsg(2)</c> and <c>recv(2)</c> with <c>MSG_DONTWAIT</c>: calls that never block, on a socket
/// .NET keeps in blocking mode.
/// </summary>
/// <remarks>
/// <para>
/// .NET makes a socket non-blocking only through its <c>SocketAsyncContext</c> (152 bytes): <c>Socket.Blocking = false</c>
/// creates one just to set <c>O_NONBLOCK</c>, and a blocking socket's synchronous calls go through one too. A listener then
/// held it for the hours it stayed, for a flag. <c>MSG_DONTWAIT</c> makes each call non-blocking instead and leaves the
/// descriptor's mode alone, so a connection handed on to Kestrel needs nothing set back.
/// </para>
/// <para>
/// The socket's handle is marshalled as a <see cref="SafeHandle"/>: it is referenced for the length of the call, so a socket
/// disposed meanwhile fails the call with <see cref="ObjectDisposedException"/> instead of a descriptor number reused.
/// </para>
/// </remarks>
public static unsafe partial class NonBlockingCalls
{
    /// <summary>At most this many slices go to one <c>sendmsg</c>: their vectors and pins are on the stack.</summary>
    private const int MaxVectors = 64;

    private const int Peek = 0x2;
    private const int DontWait = 0x40;

    /// <summary>A send to a peer that has gone answers <c>EPIPE</c> rather than raising <c>SIGPIPE</c>.</summary>
    private const int NoSignal = 0x4000;

    private const int Interrupted = 4;
    private const int BadDescriptor = 9;
    private const int Again = 11;
    private const int BrokenPipe = 32;
    private const int ConnectionReset = 104;
    private const int NotConnected = 107;
    private const int TimedOut = 110;

    /// <summary>Sends what the socket's buffer takes of <paramref name="bytes"/>.</summary>
    /// <returns>The bytes sent; 0 with <see cref="SocketError.WouldBlock"/> when the buffer is full, or with another error.</returns>
    public static int Send(Socket socket, ReadOnlySpan<byte> bytes, out SocketError error)
    {
        fixed (byte* start = bytes)
        {
            return Result(SendNative(socket.SafeHandle, start, (nuint)bytes.Length, DontWait | NoSignal), out error);
        }
    }

    /// <summary>Sends what the socket's buffer takes of <paramref name="slices"/>, up to <see cref="MaxVectors"/> of them, gathered.</summary>
    /// <returns>The bytes sent; 0 with <see cref="SocketError.WouldBlock"/> when the buffer is full, or with another error.</returns>
    public static int Send(Socket socket, List<ArraySegment<byte>> slices, out SocketError error)
    {
        var count = Math.Min(slices.Count, MaxVectors);
        var vectors = stackalloc IoVector[count];
        var pins = stackalloc GCHandle[count];
        var pinned = 0;
        try
        {
            for (; pinned < count; pinned++)
            {
                var slice = slices[pinned];
                pins[pinned] = GCHandle.Alloc(slice.Array, GCHandleType.Pinned);
                vectors[pinned] = new IoVector((byte*)pins[pinned].AddrOfPinnedObject() + slice.Offset, (nuint)slice.Count);
            }

            var message = new MessageHeader { Vectors = vectors, VectorCount = (nuint)count };
            return Result(SendMessageNative(socket.SafeHandle, &message, DontWait | NoSignal), out error);
        }
        finally
        {
            for (var i = 0; i < pinned; i++)
            {
                pins[i].Free();
            }
        }
    }

    /// <summary>Receives (or, with <paramref name="peek"/>, copies without taking) what the socket holds, up to <paramref name="buffer"/>'s length.</summary>
    /// <returns>
    /// The bytes received, 0 with <see cref="SocketError.Success"/> when the peer ended its side, or 0 with
    /// <see cref="SocketError.WouldBlock"/> when nothing is there yet, or with another error.
    /// </returns>
    public static int Receive(Socket socket, Span<byte> buffer, bool peek, out SocketError error)
    {
        fixed (byte* start = buffer)
        {
            return Result(ReceiveNative(socket.SafeHandle, start, (nuint)buffer.Length, DontWait | (peek ? Peek : 0)), out error);
        }
    }

    /// <remarks>
    /// A call that does not wait is not interrupted by a signal; should one be, nothing was transferred and the caller tries
    /// again at the socket's next readiness, as after a full buffer.
    /// </remarks>
    private static int Result(nint transferred, out SocketError error)
    {
        if (transferred >= 0)
        {
            error = SocketError.Success;
            return (int)transferred;
        }

        error = Marshal.GetLastPInvokeError() switch
        {
            Again or Interrupted => SocketError.WouldBlock,
            BrokenPipe => SocketError.Shutdown,
            ConnectionReset => SocketError.ConnectionReset,
            NotConnected => SocketError.NotConnected,
            TimedOut => SocketError.TimedOut,
            BadDescriptor => SocketError.OperationAborted,
            _ => SocketError.SocketError,
        };
        return 0;
    }

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint SendNative(SafeSocketHandle socket, byte* bytes, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMessageNative(SafeSocketHandle socket, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint ReceiveNative(SafeSocketHandle socket, byte* buffer, nuint length, int flags);

    /// <summary><c>struct iovec</c>.</summary>
    private readonly struct IoVector(byte* start, nuint length)
    {
        public readonly byte* Start = start;
        public readonly nuint Length = length;
    }

    /// <summary><c>struct msghdr</c> (glibc): no address, no control data.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
