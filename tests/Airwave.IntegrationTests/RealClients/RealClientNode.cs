using System.Net.Http.Headers;
using System.Text;
using Airwave.IntegrationTests.Harness;
using Airwave.IntegrationTests.Pulling;

namespace Airwave.IntegrationTests.RealClients;

/// <summary>
/// What the real clients listen to: the standalone default node with ffmpeg looping a pure tone into <c>/live</c> (MP3)
/// and another into an added <c>/aac</c> mount (AAC), so a player's decoded output can be checked by its pitch, and a
/// real Icecast 2 relaying <c>/live</c> with its titles.
/// </summary>
public sealed class RealClientNode : IAsyncLifetime
{
    /// <summary>The pitch of the tone on <c>/live</c>.</summary>
    public const int ToneHertz = 440;

    /// <summary>The pitch of the tone on <c>/aac</c> (the shared AAC fixture).</summary>
    public const int AacToneHertz = 660;

    /// <summary>The sample rate players are asked to decode to.</summary>
    public const int SampleRate = 44_100;

    /// <summary><c>/live</c>'s source password in the standalone default (<c>hackme</c>).</summary>
    private const string SourcePassword = "hackme";

    private NodeProcess? node;
    private ChildProcess? source;
    private ChildProcess? aacSource;
    private IcecastServer? icecast;
    private DirectoryInfo? outputs;

    internal NodeProcess Node => node ?? throw new InvalidOperationException("the node has not started");

    internal IcecastServer Icecast => icecast ?? throw new InvalidOperationException("icecast has not started");

    /// <summary>The tone file ffmpeg loops into <c>/live</c>.</summary>
    internal string ToneFile => Path.Combine(Node.RootDirectory, "tone.mp3");

    /// <summary>Shortly before <c>/live</c>'s source connected.</summary>
    internal DateTime SourceStartedUtc { get; private set; }

    public async Task InitializeAsync()
    {
        node = await NodeProcess.StartAsync(new NodeOptions
        {
            Config = null,
            Environment = new Dictionary<string, string> { ["AIRWAVE__CHANNELS__AAC__PASSWORD"] = SourcePassword },
        });
        await FfmpegProcess.WriteToneSequenceAsync(ToneFile, (ToneHertz, 20));
        SourceStartedUtc = DateTime.UtcNow;
        source = FfmpegProcess.PushSource(ToneFile, $"icecast://source:{SourcePassword}@127.0.0.1:{node.HttpPort}/live", "audio/mpeg", "mp3", node.Log, loop: true);
        aacSource = FfmpegProcess.PushSource(Fixtures.AacStereo64, $"icecast://source:{SourcePassword}@127.0.0.1:{node.HttpPort}/aac", "audio/aac", "adts", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("live", 2);
        await node.WaitForSourceAudioAsync("aac", 2);
        icecast = await IcecastServer.StartAsync(relay: node.Http("/live"));
    }

    public async Task DisposeAsync()
    {
        outputs?.Delete(recursive: true);
        if (icecast is not null)
        {
            await icecast.DisposeAsync();
        }

        if (source is not null)
        {
            await source.DisposeAsync();
        }

        if (aacSource is not null)
        {
            await aacSource.DisposeAsync();
        }

        if (node is not null)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>The pitch a player must hear on <paramref name="pathAndQuery"/> (<c>/aac…</c> or <c>/live…</c>).</summary>
    internal static int ToneOf(string pathAndQuery) => pathAndQuery.StartsWith("/aac", StringComparison.Ordinal) ? AacToneHertz : ToneHertz;

    /// <summary>Sets <c>/live</c>'s title as the README shows: Icecast's <c>/admin/metadata</c> with the source password.</summary>
    internal async Task SetTitleAsync(string title)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var update = new HttpRequestMessage(HttpMethod.Get, Node.Http("/admin/metadata?mount=/live&mode=updinfo&song=" + Uri.EscapeDataString(title)));
        update.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("source:" + SourcePassword)));
        using var response = await http.SendAsync(update);
        Assert.True(response.IsSuccessStatusCode, $"setting the title answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A fresh directory for a client's output that any user may write (VLC refuses to run as root, so it runs as nobody).</summary>
    internal string NewOutputDirectory(string name)
    {
        outputs ??= Directory.CreateTempSubdirectory("airwave-clients-");
        var directory = outputs.CreateSubdirectory($"{name}-{Guid.NewGuid():N}").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The temporary directory is the owner's alone; others need to pass through it.
            File.SetUnixFileMode(outputs.FullName, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        }

        return directory;
    }
}
