using System.Collections.Concurrent;

namespace Airwave.Node.Icecast;

/// <summary>The source connections this node runs, by channel, so <c>/admin/killsource</c> can end one as if the client hung up.</summary>
/// <remarks>A channel takes one source at a time (a second is refused "Mountpoint in use"), so the channel names it.</remarks>
internal sealed class PushedSources
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> running = new(StringComparer.Ordinal);

    /// <summary>Makes the source that stops through <paramref name="stop"/> the one <see cref="Kill"/> ends for <paramref name="channel"/>, until the result is disposed.</summary>
    public IDisposable Add(string channel, CancellationTokenSource stop)
    {
        running[channel] = stop;
        return new Registration(this, channel, stop);
    }

    /// <summary>Ends the source connection feeding <paramref name="channel"/>; false when no client connection feeds it here (an upstream, a loop file, a transcoder, or none).</summary>
    public bool Kill(string channel)
    {
        if (!running.TryRemove(channel, out var stop))
        {
            return false;
        }

        try
        {
            stop.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            // The source ended meanwhile: there is nothing left to kill.
            return false;
        }
    }

    private sealed class Registration(PushedSources sources, string channel, CancellationTokenSource stop) : IDisposable
    {
        public void Dispose() => sources.running.TryRemove(KeyValuePair.Create(channel, stop));
    }
}
