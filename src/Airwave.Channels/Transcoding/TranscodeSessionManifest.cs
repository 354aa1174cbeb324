using System.Text.Json;
using System.Text.Json.Serialization;
using Airwave.Streaming.Transcoding;

namespace Airwave.Channels.Transcoding;

/// <summary>A finished archive-window session as its directory's <c>session.json</c> keeps it, so a restarted node serves it from the VOD cache.</summary>
/// <param name="Session">The session.</param>
/// <param name="SegmentDuration">Its grid's step.</param>
/// <param name="Length">The window's length.</param>
/// <param name="Count">Its segments (where ffmpeg ended the window).</param>
/// <param name="Segments">Each segment's place, file and length.</param>
public sealed record TranscodeSessionManifest(TranscodeSessionInfo Session, TimeSpan SegmentDuration, TimeSpan? Length, int? Count, IReadOnlyList<TranscodeSegment> Segments)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>When the file was written: the VOD cache counts from it.</summary>
    [JsonIgnore]
    public DateTime WrittenUtc { get; init; }

    public static void Write(string directory, TranscodeSessionInfo session, TranscodeTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var manifest = new TranscodeSessionManifest(session, timeline.SegmentDuration, timeline.Length, timeline.Count, timeline.Segments.ToList());
        File.WriteAllText(Path.Combine(directory, TranscodeSessionFiles.Manifest), JsonSerializer.Serialize(manifest, Json));
    }

    /// <summary>The directory's manifest; null when it has none or one that does not hold together (no segment outside the directory is ever served).</summary>
    public static TranscodeSessionManifest? Read(string directory)
    {
        var path = Path.Combine(directory, TranscodeSessionFiles.Manifest);
        try
        {
            var manifest = JsonSerializer.Deserialize<TranscodeSessionManifest>(File.ReadAllText(path), Json);
            return manifest is { Session: not null, Segments: not null } && manifest.SegmentDuration > TimeSpan.Zero
                && manifest.Segments.All(s => TranscodeSessionFiles.IsRunSegment(s.File) && File.Exists(Path.Combine(directory, s.File)))
                ? manifest with { WrittenUtc = File.GetLastWriteTimeUtc(path) }
                : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The finished timeline the manifest describes.</summary>
    public TranscodeTimeline Timeline()
    {
        var timeline = new TranscodeTimeline(SegmentDuration, Length, Segments);
        if (Count is { } count && count != timeline.Count)
        {
            timeline.EndAt(count - 1);
        }

        return timeline;
    }
}
