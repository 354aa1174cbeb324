using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Clips;

namespace Airwave.Channels.Transcoding;

/// <summary>What a transcode session feeds ffmpeg: a channel's audio from a chunk on, following it live, or a planned archive window to its end.</summary>
/// <param name="Channel">The source channel.</param>
/// <param name="Format">The format of the audio fed.</param>
/// <param name="FirstSeq">For a live session, the chunk it starts at.</param>
/// <param name="Window">For an archive window, what to send; null for live.</param>
public sealed record TranscodeInput(LiveChannel Channel, AudioFormat Format, long FirstSeq, ClipPlan? Window);
