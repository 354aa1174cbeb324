using System.Text;
using Airwave.Streaming.Channels;

namespace Airwave.Node.Icecast;

/// <summary>The <c>.m3u</c> and <c>.pls</c> playlists Icecast serves for every mount.</summary>
internal static class PlaylistEndpoints
{
    public static IResult M3u(HttpRequest request, LiveChannel channel) =>
        Results.Text(StreamUrl(request, channel) + "\n", "audio/x-mpegurl", Encoding.UTF8);

    public static IResult Pls(HttpRequest request, LiveChannel channel)
    {
        var title = channel.Stream?.Name is { Length: > 0 } name ? name : channel.Settings.Mount;
        var text = $"[playlist]\nNumberOfEntries=1\nFile1={StreamUrl(request, channel)}\nTitle1={title}\nLength1=-1\nVersion=2\n";
        return Results.Text(text, "audio/x-scpls", Encoding.UTF8);
    }

    /// <summary>The stream's URL, with the request's listener token so a private channel's playlist plays.</summary>
    private static string StreamUrl(HttpRequest request, LiveChannel channel) =>
        Access.ListenerAccessGate.WithToken($"{request.Scheme}://{request.Host}{channel.Settings.Mount}", request);
}
