using System.Globalization;
using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Sessions;

namespace Airwave.Node.Icecast;

/// <summary>The header fields of a listener's <c>200 OK</c>: content type, Icecast <c>icy-*</c> fields, the time-shift start and the listener's session.</summary>
/// <remarks>
/// Keeps what the head is made of and writes its fields only when it is sent, straight into where they go: the head
/// lives as long as its listener's streaming does, and its fields as strings and a list (the cookie, the audio info, the
/// times) were about 0.7 KB of garbage per listener.
/// </remarks>
/// <param name="serving">The channel whose audio is sent (the fallback while the asked-for one has none).</param>
/// <param name="icy">True when ICY metadata is interleaved.</param>
/// <param name="playback">Where playback starts.</param>
/// <param name="requested">The asked-for start when it lay before the buffer, or null.</param>
/// <param name="session">The listener's session: its id and where it resumed.</param>
internal sealed class ListenerHead(LiveChannel serving, bool icy, PlaybackStart playback, DateTimeOffset? requested, ListenerHeadSession session)
{
    /// <summary>
    /// Room for the longest formatted value: the cookie, with a session id of up to 64 characters, is 108.
    /// </summary>
    private const int FormattedLength = 128;

    /// <summary>Writes the fields in order, names as sent, into <paramref name="fields"/>.</summary>
    public void WriteFields<TFields>(ref TFields fields)
        where TFields : struct, IHeadFields
    {
        Span<char> text = stackalloc char[FormattedLength];
        var stream = serving.Stream;
        fields.Add("Content-Type", AudioContentTypes.GetContentType(playback.Format));
        fields.Add("Cache-Control", "no-cache, no-store");
        fields.Add("Pragma", "no-cache");
        fields.Add("Access-Control-Allow-Origin", "*");
        fields.Add("icy-name", stream?.Name ?? serving.Settings.StreamName);
        fields.Add("icy-description", stream?.Description ?? serving.Settings.Description);
        fields.Add("icy-genre", stream?.Genre ?? serving.Settings.Genre);
        fields.Add("icy-url", stream?.Url ?? serving.Settings.Url);
        fields.Add("icy-pub", (stream?.Public ?? serving.Settings.Public) ? "1" : "0");
        // The current stream's figures describe a time-shifted start only when it is in the same codec.
        if (stream is { BitrateKbps: > 0 } && stream.Format == playback.Format)
        {
            fields.Add("icy-br", Fitted(text, text.TryWrite(CultureInfo.InvariantCulture, $"{stream.BitrateKbps}", out var length), length));
            fields.Add("ice-audio-info", Fitted(text, text.TryWrite(
                CultureInfo.InvariantCulture, $"bitrate={stream.BitrateKbps};samplerate={stream.SampleRate};channels={stream.Channels}", out length), length));
        }

        if (icy)
        {
            fields.Add("icy-metaint", Fitted(text, text.TryWrite(CultureInfo.InvariantCulture, $"{serving.Settings.MetadataInterval}", out var length), length));
        }

        if (playback.Paced)
        {
            fields.Add("X-Airwave-Playback-Start", Fitted(text, playback.StartUtc.TryFormat(text, out var length, "o", CultureInfo.InvariantCulture), length));
        }

        if (requested is { } asked)
        {
            fields.Add("X-Airwave-Requested-Start", Fitted(text, asked.UtcDateTime.TryFormat(text, out var length, "o", CultureInfo.InvariantCulture), length));
        }

        fields.Add("X-Airwave-Session", session.Id);
        // No Content-Location with ?sid=: streamripper's header parser takes the "Location:" inside it for a redirect
        // and gives up (SR_ERROR_INVALID_URL). The header and the cookie carry the id; players that keep cookies resume.
        fields.Add("Set-Cookie", Fitted(text, text.TryWrite(CultureInfo.InvariantCulture, $"{SessionIds.CookieName}={session.Id}; Path=/; HttpOnly; SameSite=Lax", out var cookie), cookie));
        if (session.ResumedAtSeq is { } resumed)
        {
            fields.Add("X-Airwave-Resumed", Fitted(text, text.TryWrite(CultureInfo.InvariantCulture, $"{resumed}", out var length), length));
        }
    }

    /// <summary>The formatted part of <paramref name="text"/>; a value that did not fit is a bug (<see cref="FormattedLength"/>).</summary>
    private static ReadOnlySpan<char> Fitted(Span<char> text, bool fitted, int length) =>
        fitted ? text[..length] : throw new InvalidOperationException($"a listener head's field is longer than {FormattedLength} characters");
}
