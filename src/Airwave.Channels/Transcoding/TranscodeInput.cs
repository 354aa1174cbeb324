using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Clips;

namespace Airwave.Channels.Transcoding;

/// <summary>What one ffmpeg run of a transcode session is fed: a channel's audio from a chunk on, following it live, or a planned archive window to its end.</summary>
/// <param name="Channel">The source channel.</param>
/// <param name="Format">The format of the audio fed.</param>
/// <param name="FirstSeq">For a live session, the chunk the feed starts at.</param>
/// <param name="Window">For an archive window on the channel's owner, what to send; null for live.</param>
/// <param name="Trim">How much of the feed comes before the place the run starts at (ffmpeg drops it).</param>
/// <param name="Offset">Where in the session the audio after the trim is.</param>
/// <param name="Download">For an archive window on a node that relays the channel: the window's download, which this
/// node's listener port passes on from the owner (whose disk holds the archive).</param>
public sealed record TranscodeInput(LiveChannel Channel, AudioFormat Format, long FirstSeq, ClipPlan? Window, TimeSpan Trim, TimeSpan Offset, Uri? Download = null);
