using Airwave.IntegrationTests.Cluster;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.IcecastAdmin;

/// <summary>Icecast's admin API in a cluster: commands on a source reach the mount's owner from any node, and the owner judges the credentials.</summary>
public sealed class IcecastAdminClusterTests(ForwardingCluster cluster, ITestOutputHelper output) : IClassFixture<ForwardingCluster>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killsource_asked_of_the_node_that_does_not_own_the_mount_with_the_mounts_source_password_ends_the_source_on_its_owner()
    {
        var (owner, other) = await cluster.OwnerOfAsync("fwd");
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw-fwd@127.0.0.1:{owner.HttpPort}/fwd", "audio/mpeg", "mp3", owner.Log, loop: true);
        await owner.WaitForSourceAudioAsync("fwd", 1, Wait);
        using var listener = await RawListenerClient.GetAsync(owner.HttpPort, "/fwd");
        using var onOwner = new IcecastAdminClient(owner.Http("/"), "source", "pw-fwd");
        using var onOther = new IcecastAdminClient(other.Http("/"), "source", "pw-fwd");

        Assert.Single((await onOwner.ClientsAsync("/fwd")).Elements("listener"));

        using var wrongPassword = new IcecastAdminClient(other.Http("/"), "source", "wrong");
        var wrong = await wrongPassword.GetAsync("/admin/killsource?mount=/fwd");
        using (wrong.Response)
        {
            Assert.Equal(401, wrong.Status);
            Assert.Equal("Basic realm=\"Icecast2 Server\"", wrong.Response.Headers.WwwAuthenticate.ToString());
        }

        var answer = await onOther.XmlAsync("/admin/killsource?mount=/fwd");

        Assert.Equal("Source Removed", (string?)answer.Root!.Element("message"));
        Assert.NotNull(await source.WaitForExitAsync(Wait));
        await owner.WaitForChannelAsync("fwd", c => c.Source() != "connected", "the source gone from /fwd", Wait);
    }

    public void Dispose() => output.WriteLine(cluster.A.Log.Text + "\n" + cluster.B.Log.Text);
}
