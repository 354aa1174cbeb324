using System.Globalization;
using System.Text;
using Airwave.IntegrationTests.Harness;
using Airwave.TestFixtures;

namespace Airwave.IntegrationTests.Pulling;

/// <summary>A live HLS upstream made of the shared fixture segments: a sliding window of four 2 s segments that the test advances, breaks and restarts.</summary>
internal sealed class LiveHlsWindow
{
    private const int WindowSize = 4;
    private const int FixtureSegments = 15;
    private readonly Lock gate = new();
    private readonly List<(long Sequence, int Fixture, bool Discontinuity)> window = [];
    private long nextSequence;
    private int nextFixture;
    private bool breakNext;

    public LiveHlsWindow()
    {
        for (var i = 0; i < WindowSize; i++)
        {
            Append();
        }
    }

    /// <summary>Serves <c>{prefix}/index.m3u8</c> and the fixture segments on <paramref name="upstream"/>.</summary>
    public void MapOn(LoopbackUpstream upstream, string prefix)
    {
        upstream.Map(prefix + "/index.m3u8", LoopbackUpstream.Body("application/vnd.apple.mpegurl", () => Encoding.UTF8.GetBytes(Playlist())));
        for (var i = 0; i < FixtureSegments; i++)
        {
            var file = RepoLayout.Fixture($"hls/seg{i:000}.ts");
            upstream.Map($"{prefix}/seg{i:000}.ts", LoopbackUpstream.Body("video/mp2t", () => File.ReadAllBytes(file)));
        }
    }

    /// <summary>One segment later: the oldest leaves, a new one arrives.</summary>
    public void Advance()
    {
        lock (gate)
        {
            window.RemoveAt(0);
            Append();
        }
    }

    /// <summary>The next new segment is preceded by EXT-X-DISCONTINUITY.</summary>
    public void Discontinuity()
    {
        lock (gate)
        {
            breakNext = true;
        }
    }

    /// <summary>The upstream restarts: media sequence back to 0 with a fresh window.</summary>
    public void Restart()
    {
        lock (gate)
        {
            window.Clear();
            nextSequence = 0;
            for (var i = 0; i < WindowSize; i++)
            {
                Append();
            }
        }
    }

    private void Append()
    {
        window.Add((nextSequence++, nextFixture, breakNext));
        nextFixture = (nextFixture + 1) % FixtureSegments;
        breakNext = false;
    }

    private string Playlist()
    {
        lock (gate)
        {
            var text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n");
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{window[0].Sequence}\n");
            foreach (var (_, fixture, discontinuity) in window)
            {
                if (discontinuity)
                {
                    text.Append("#EXT-X-DISCONTINUITY\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"#EXTINF:2.000000,\nseg{fixture:000}.ts\n");
            }

            return text.ToString();
        }
    }
}
