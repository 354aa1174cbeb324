using System.Text.Json;

namespace Airwave.IntegrationTests.Harness;

/// <summary>Polls the admin API until a channel reaches a state.</summary>
internal static class ChannelWaits
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <c>GET /api/channels/{id}</c> satisfies <paramref name="done"/>; the failure shows the last answer and the node's log.</summary>
    public static Task<JsonElement> WaitForChannelAsync(this NodeProcess node, string id, Func<JsonElement, bool> done, string what, TimeSpan? timeout = null) =>
        Poll.UntilAsync(() => node.ChannelAsync(id), done, timeout ?? Generous, $"channel {id}: {what}", () => node.Log.Since(0, 80));

    /// <summary>Waits until a source is connected and at least <paramref name="seconds"/> of its audio are buffered.</summary>
    public static Task<JsonElement> WaitForSourceAudioAsync(this NodeProcess node, string id, double seconds, TimeSpan? timeout = null) =>
        node.WaitForChannelAsync(id, c => c.Source() == "connected" && c.BufferSeconds() >= seconds, $"source connected with {seconds}s buffered", timeout);

    public static string? Source(this JsonElement channel) => channel.GetProperty("source").GetString();

    public static double BufferSeconds(this JsonElement channel) => channel.GetProperty("bufferSeconds").GetDouble();

    public static long LastSeq(this JsonElement channel) => channel.GetProperty("lastSeq").GetInt64();

    public static int Listeners(this JsonElement channel) => channel.GetProperty("listeners").GetInt32();

    public static long SlowListenersDropped(this JsonElement channel) => channel.GetProperty("slowListenersDropped").GetInt64();

    public static DateTime OldestUtc(this JsonElement channel) => channel.GetProperty("oldestUtc").GetDateTime().ToUniversalTime();

    public static DateTime NewestUtc(this JsonElement channel) => channel.GetProperty("newestUtc").GetDateTime().ToUniversalTime();
}
