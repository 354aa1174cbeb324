using System.Globalization;

namespace Airwave.IntegrationTests.Harness;

/// <summary>Runs ffmpeg and ffprobe as real sources, listeners and decoders, each with a hard timeout.</summary>
internal static class FfmpegProcess
{
    private static readonly string[] Quiet = ["-hide_banner", "-nostdin", "-loglevel", "warning"];

    /// <summary>Pushes <paramref name="file"/> in real time (<c>-re</c>, stream copy) to an Icecast mount; dispose the result to stop it.</summary>
    /// <param name="file">The audio file.</param>
    /// <param name="url">An <c>icecast://source:PASSWORD@host:port/mount</c> URL.</param>
    /// <param name="contentType">Sent as the source's Content-Type.</param>
    /// <param name="muxer">ffmpeg's output format: <c>mp3</c> or <c>adts</c>.</param>
    /// <param name="output">Where ffmpeg's messages go (the node's log reads best).</param>
    /// <param name="extra">More output options, e.g. <c>-legacy_icecast 1</c>.</param>
    /// <param name="loop">Repeat the file forever.</param>
    public static ChildProcess PushSource(string file, string url, string contentType, string muxer, OutputLog? output = null, IEnumerable<string>? extra = null, bool loop = false)
    {
        var arguments = new List<string>(Quiet);
        if (loop)
        {
            arguments.AddRange(["-stream_loop", "-1"]);
        }

        arguments.AddRange(["-re", "-i", file, "-c", "copy", "-content_type", contentType]);
        arguments.AddRange(extra ?? []);
        arguments.AddRange(["-f", muxer, url]);
        return ChildProcess.Start("ffmpeg", arguments, output: output, prefix: "[ffmpeg source]");
    }

    /// <summary>Records <paramref name="seconds"/> of a stream with <c>-c copy</c> into <paramref name="outputFile"/> (format from its extension).</summary>
    public static Task<ProcessResult> RecordAsync(Uri url, double seconds, string outputFile, TimeSpan timeout, IEnumerable<string>? inputOptions = null)
    {
        var arguments = new List<string>(Quiet) { "-rw_timeout", "15000000" };
        arguments.AddRange(inputOptions ?? []);
        arguments.AddRange(["-i", url.ToString(), "-t", seconds.ToString(CultureInfo.InvariantCulture), "-c", "copy", "-y", outputFile]);
        return ChildProcess.RunAsync("ffmpeg", arguments, timeout);
    }

    /// <summary>Decodes the whole file and returns what ffmpeg reported at error level (empty when it decoded cleanly).</summary>
    public static async Task<string> DecodeErrorsAsync(string file)
    {
        var result = await ChildProcess.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-i", file, "-f", "null", "-"], TimeSpan.FromSeconds(60));
        return result.ExitCode == 0 ? result.Output.Trim() : $"ffmpeg exited {result.ExitCode}: {result.Output}";
    }

    /// <summary>What ffprobe says about the file's first audio stream.</summary>
    public static async Task<ProbeResult> ProbeAsync(string file)
    {
        var result = await ChildProcess.RunAsync(
            "ffprobe",
            ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name,sample_rate,channels:format=duration,format_name", "-of", "json", file],
            TimeSpan.FromSeconds(60));
        return ProbeResult.Parse(result);
    }

    /// <summary>Decodes to mono 16-bit PCM at <paramref name="sampleRate"/>.</summary>
    public static async Task<short[]> DecodePcmAsync(string file, int sampleRate)
    {
        var raw = Path.ChangeExtension(file, ".s16le");
        var result = await ChildProcess.RunAsync(
            "ffmpeg",
            [.. Quiet, "-i", file, "-ac", "1", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "-f", "s16le", "-y", raw],
            TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not decode {file}: {result.Output}");
        }

        var bytes = await File.ReadAllBytesAsync(raw);
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
        return samples;
    }

    /// <summary>Writes an MP3 (128 kbps, 44.1 kHz stereo) of pure sine tones played one after another.</summary>
    public static async Task WriteToneSequenceAsync(string outputFile, params (int Hertz, int Seconds)[] tones)
    {
        var arguments = new List<string>(Quiet);
        foreach (var (hertz, seconds) in tones)
        {
            arguments.AddRange(["-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"sine=frequency={hertz}:duration={seconds}:sample_rate=44100")]);
        }

        var inputs = string.Concat(Enumerable.Range(0, tones.Length).Select(i => $"[{i}:a]"));
        arguments.AddRange(["-filter_complex", $"{inputs}concat=n={tones.Length}:v=0:a=1", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k", "-y", outputFile]);
        var result = await ChildProcess.RunAsync("ffmpeg", arguments, TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not make {outputFile}: {result.Output}");
        }
    }
}
