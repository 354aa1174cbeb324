using Airwave.Media;
using Airwave.Streaming.Channels;

namespace Airwave.Node.Icecast.Admin;

/// <summary>Decides whether <c>/admin/moveclients</c> may move a mount's listeners to another mount, with Icecast's reasons where it has one.</summary>
internal static class ClientMove
{
    /// <summary>Why the listeners of <paramref name="from"/> cannot move to <paramref name="to"/>, or null when they can.</summary>
    public static string? Refusal(LiveChannel from, LiveChannel? to)
    {
        if (to is null)
        {
            return "No such destination";
        }

        if (to == from)
        {
            return "supplied mountpoints are identical";
        }

        if (to.Source != SourceState.Connected || to.Buffer.Snapshot().IsEmpty)
        {
            return "Destination not running";
        }

        // Icecast 2.4.4 moves an MP3 listener to an AAC mount and the player breaks: a decoder cannot switch codec mid-stream.
        var moving = LiveFormat(from);
        var arriving = LiveFormat(to);
        if (moving != AudioFormat.Unknown && moving != arriving)
        {
            return $"Destination has another format: {from.Settings.Mount} carries {from.ContentType}, {to.Settings.Mount} carries {to.ContentType}, and a player cannot switch codec in the middle of a stream";
        }

        var room = to.Settings.MaxListeners - to.Listeners.Count;
        return from.Listeners.Count > room
            ? $"Destination has room for {Math.Max(0, room)} more listeners (max-listeners {to.Settings.MaxListeners}); {from.Listeners.Count} would move"
            : null;
    }

    private static AudioFormat LiveFormat(LiveChannel channel) => channel.FormatAt(channel.Buffer.Snapshot().LastSeq);
}
