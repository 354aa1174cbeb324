using Airwave.Media;
using Airwave.Streaming.Transcoding;
using Xunit;

namespace Airwave.Streaming.Tests.Transcoding;

public sealed class FfmpegArgumentsTests
{
    private static readonly DateTime Origin = new(2026, 12, 3, 9, 0, 4, 500, DateTimeKind.Utc);

    [Fact]
    public void Audio_reads_stdin_in_the_sources_format_and_writes_its_codec_to_stdout()
    {
        var arguments = string.Join(' ', FfmpegArguments.ForEncoding(new TranscodeEncoding(TranscodeCodec.Mp3, 32, 1, 22050), AudioFormat.Aac, Origin, TimeSpan.FromSeconds(6)));

        Assert.Contains("-f aac -i pipe:0 -map 0:a:0 -vn -c:a libmp3lame -b:a 32k -ac 1 -ar 22050", arguments, StringComparison.Ordinal);
        Assert.EndsWith("-f mp3 -write_xing 0 -id3v2_version 0 -flush_packets 1 pipe:1", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_puts_its_keyframes_on_the_utc_segment_grid()
    {
        var encoding = new TranscodeEncoding(TranscodeCodec.H264, 400, 0, 0) { Height = 240, AudioBitrateKbps = 64 };

        var arguments = FfmpegArguments.ForEncoding(encoding, AudioFormat.MpegTs, Origin, TimeSpan.FromSeconds(6));

        var joined = string.Join(' ', arguments);
        Assert.Contains("-f mpegts -i pipe:0 -map 0:v:0 -map 0:a:0? -c:v libx264", joined, StringComparison.Ordinal);
        Assert.Contains("-vf scale=-2:240 -b:v 400k -maxrate 400k -bufsize 800k", joined, StringComparison.Ordinal);
        // The run starts at 09:00:04.5: the next multiple of 6 s is 1.5 s in.
        Assert.Equal("expr:gte(t,1.5+n_forced*6)", arguments[arguments.ToList().IndexOf("-force_key_frames") + 1]);
        Assert.Contains("-c:a aac -b:a 64k -f mpegts", joined, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyframes_place_on_the_grid_is_written_to_the_tick()
    {
        var encoding = new TranscodeEncoding(TranscodeCodec.H264, 400, 0, 0) { Height = 240, AudioBitrateKbps = 64 };
        var origin = Origin.AddTicks(4_321);

        var arguments = FfmpegArguments.ForEncoding(encoding, AudioFormat.MpegTs, origin, TimeSpan.FromSeconds(2));

        // 09:00:04.5004321: the next multiple of 2 s is 1.4995679 s in; "1.5" would let a frame 0.4 ms early be forced.
        Assert.Equal("expr:gte(t,1.4995679+n_forced*2)", arguments[arguments.ToList().IndexOf("-force_key_frames") + 1]);
    }

    [Fact]
    public void A_session_run_numbers_its_segments_from_its_place_and_continues_the_sessions_timestamps()
    {
        var run = new TranscodeRun(3, 20, TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(80));

        var arguments = string.Join(' ', FfmpegArguments.ForSession(new TranscodeEncoding(TranscodeCodec.Aac, 48, 1, 0), AudioFormat.Mp3, "/data/transcode/abc", run, TimeSpan.FromSeconds(4)));

        Assert.Contains("-f mp3 -i pipe:0 -ss 0.25 -map 0:a:0", arguments, StringComparison.Ordinal);
        Assert.Contains("-output_ts_offset 80 -f hls -hls_time 4 -hls_list_size 0 -hls_playlist_type event -start_number 20", arguments, StringComparison.Ordinal);
        Assert.EndsWith("-hls_segment_filename /data/transcode/abc/r3-%d.ts /data/transcode/abc/run-3.m3u8", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_run_fed_from_its_place_exactly_trims_nothing()
    {
        var arguments = FfmpegArguments.ForSession(new TranscodeEncoding(TranscodeCodec.Aac, 48, 1, 0), AudioFormat.Mp3, "/tmp/s", new TranscodeRun(0, 0, TimeSpan.Zero, TimeSpan.Zero), TimeSpan.FromSeconds(4));

        Assert.DoesNotContain("-ss", arguments);
    }
}
