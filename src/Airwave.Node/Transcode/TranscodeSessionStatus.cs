using System.Globalization;
using Airwave.Streaming.Transcoding;

namespace Airwave.Node.Transcode;

/// <summary>A transcode session as the admin API and <c>airwave transcode list</c> show it.</summary>
/// <param name="Id">The session id.</param>
/// <param name="Playlist">Its HLS playlist on the listener port; from the asked position on (<c>?start=</c> seconds) after a seek.</param>
/// <param name="Channel">The channel it transcodes.</param>
/// <param name="Profile">The profile it encodes with.</param>
/// <param name="User">Who started it.</param>
/// <param name="StartUtc">Where it starts (null: live).</param>
/// <param name="EndUtc">Where an archive window ends (null: it follows the channel).</param>
/// <param name="OriginUtc">The moment position 0 of the session is.</param>
/// <param name="State">starting, running or finished.</param>
/// <param name="CreatedUtc">When it was started.</param>
/// <param name="Reused">True in the answer to a request that joined it.</param>
internal sealed record TranscodeSessionStatus(
    string Id, string Playlist, string Channel, string Profile, string User, DateTime? StartUtc, DateTime? EndUtc, DateTime OriginUtc, string State, DateTime CreatedUtc, bool Reused)
{
    public static TranscodeSessionStatus Of(TranscodeSessionInfo session, bool reused, TimeSpan? position = null) => new(
        session.Id,
        position is { } seek ? string.Create(CultureInfo.InvariantCulture, $"/transcode/{session.Id}/index.m3u8?start={seek.TotalSeconds:0.###}") : $"/transcode/{session.Id}/index.m3u8",
        session.Key.Channel,
        session.Key.Profile,
        session.User,
        session.Key.StartUtc,
        session.Key.EndUtc,
        session.OriginUtc,
        session.State.ToString().ToLowerInvariant(),
        session.CreatedUtc,
        reused);
}
