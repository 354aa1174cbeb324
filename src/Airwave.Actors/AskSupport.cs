using Airwave.Actors.Internal;

namespace Airwave.Actors;

/// <summary>The request-reply pattern over one-way messages: a temporary reply ref and a deadline.</summary>
public static class AskSupport
{
    /// <summary>Sends the message built around a temporary reply ref and waits for the reply or the timeout.</summary>
    /// <exception cref="AskTimeoutException">No reply arrived within <paramref name="timeout"/>.</exception>
    public static async Task<TReply> AskAsync<TMessage, TReply>(
        IActorRef<TMessage> target, Func<IActorRef<TReply>, TMessage> build, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(build);
        var replyTo = new AskReplyRef<TReply>();
        target.Tell(build(replyTo));
        try
        {
            return await replyTo.Reply.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw new AskTimeoutException(
                $"Ask to {target.Path} got no {typeof(TReply).Name} reply within {timeout.TotalMilliseconds:0} ms.", exception);
        }
    }
}
