namespace Airwave.IntegrationTests.Harness;

/// <summary>The standalone demo channel's audio: <c>assets/demo.mp3</c> played in a loop, to find where in the loop received bytes lie.</summary>
internal static class DemoLoop
{
    /// <summary>The file's bytes: whole MP3 frames, no ID3 or Xing frame, so the channel's stream is this file repeated.</summary>
    public static byte[] File { get; } = System.IO.File.ReadAllBytes(Path.Combine(RepoLayout.Root, "src", "Airwave.Node", "Assets", "demo.mp3"));

    /// <summary>The offsets in the loop (0 ≤ offset &lt; file length) at which <paramref name="pattern"/> starts.</summary>
    public static IReadOnlyList<int> OffsetsOf(ReadOnlySpan<byte> pattern)
    {
        var twice = new byte[File.Length + pattern.Length];
        File.CopyTo(twice, 0);
        for (var i = File.Length; i < twice.Length; i++)
        {
            twice[i] = File[(i - File.Length) % File.Length];
        }

        var offsets = new List<int>();
        var span = twice.AsSpan();
        for (var start = 0; start < File.Length;)
        {
            var found = span[start..].IndexOf(pattern);
            if (found < 0 || start + found >= File.Length)
            {
                break;
            }

            offsets.Add(start + found);
            start += found + 1;
        }

        return offsets;
    }

    /// <summary>How far (in bytes, signed, shortest way round the loop) <paramref name="to"/> lies after <paramref name="from"/>.</summary>
    public static int Distance(int from, int to)
    {
        var forward = ((to - from) % File.Length + File.Length) % File.Length;
        return forward > File.Length / 2 ? forward - File.Length : forward;
    }
}
