using System.Globalization;

namespace Airwave.Actors.Internal;

/// <summary>A one-shot ref that completes an Ask with the first message it receives.</summary>
internal sealed class AskReplyRef<TReply> : IActorRef<TReply>
{
    private static long s_counter;
    private readonly TaskCompletionSource<TReply> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Path { get; } = "/temp/ask-" + Interlocked.Increment(ref s_counter).ToString(CultureInfo.InvariantCulture);

    public Task<TReply> Reply => _reply.Task;

    public void Tell(TReply message) => _reply.TrySetResult(message);

    public override string ToString() => Path;
}
