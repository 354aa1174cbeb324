using System.Globalization;
using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Sessions;

namespace Airwave.Node.Icecast;

/// <summary>The header fields of a listener's <c>200 OK</c>: content type, Icecast <c>icy-*</c> fields, the time-shift start and the listener's session.</summary>
/// <remarks>
/// Keeps what the head is made of and builds its fields only when it is sent: the head lives as long as its listener's
/// streaming does, and its fields (the cookie, the audio info) were nearly 0.5 KB of strings and list per listener.
/// </remarks>
/// <param name="serving">The channel whose audio is sent (the fallback while the asked-for one has none).</param>
/// <param name="icy">True when ICY metadata is interleaved.</param>
/// <param name="playback">Where playback starts.</param>
/// <param name="requested">The asked-for start when it lay before the buffer, or null.</param>
/// <param name="session">The listener's session: its id and where it resumed.</param>
internal sealed class ListenerHead(LiveChannel serving, bool icy, PlaybackStart playback, DateTimeOffset? requested, ListenerHeadSession session)
{
    /// <summary>The fields in order, names as sent, built anew by each call.</summary>
    public List<KeyValuePair<string, string>> Fields()
    {
        var fields = new List<KeyValuePair<string, string>>(20);
        void Add(string name, string value) => fields.Add(new(name, value));

        var stream = serving.Stream;
        Add("Content-Type", AudioContentTypes.GetContentType(playback.Format));
        Add("Cache-Control", "no-cache, no-store");
        Add("Pragma", "no-cache");
        Add("Access-Control-Allow-Origin", "*");
        Add("icy-name", stream?.Name ?? serving.Settings.StreamName);
        Add("icy-description", stream?.Description ?? serving.Settings.Description);
        Add("icy-genre", stream?.Genre ?? serving.Settings.Genre);
        Add("icy-url", stream?.Url ?? serving.Settings.Url);
        Add("icy-pub", (stream?.Public ?? serving.Settings.Public) ? "1" : "0");
        // The current stream's figures describe a time-shifted start only when it is in the same codec.
        if (stream is { BitrateKbps: > 0 } && stream.Format == playback.Format)
        {
            Add("icy-br", stream.BitrateKbps.ToString(CultureInfo.InvariantCulture));
            Add("ice-audio-info", string.Create(CultureInfo.InvariantCulture, $"bitrate={stream.BitrateKbps};samplerate={stream.SampleRate};channels={stream.Channels}"));
        }

        if (icy)
        {
            Add("icy-metaint", serving.Settings.MetadataInterval.ToString(CultureInfo.InvariantCulture));
        }

        if (playback.Paced)
        {
            Add("X-Airwave-Playback-Start", playback.StartUtc.ToString("o", CultureInfo.InvariantCulture));
        }

        if (requested is { } asked)
        {
            Add("X-Airwave-Requested-Start", asked.UtcDateTime.ToString("o", CultureInfo.InvariantCulture));
        }

        Add("X-Airwave-Session", session.Id);
        // No Content-Location with ?sid=: streamripper's header parser takes the "Location:" inside it for a redirect
        // and gives up (SR_ERROR_INVALID_URL). The header and the cookie carry the id; players that keep cookies resume.
        Add("Set-Cookie", $"{SessionIds.CookieName}={session.Id}; Path=/; HttpOnly; SameSite=Lax");
        if (session.ResumedAtSeq is { } resumed)
        {
            Add("X-Airwave-Resumed", resumed.ToString(CultureInfo.InvariantCulture));
        }

        return fields;
    }
}
