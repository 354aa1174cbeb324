using Airwave.Channels.Registry;
using Airwave.Hocon;
using Airwave.Hocon.Configuration;
using Airwave.Node.Admin;

namespace Airwave.Node.ChannelList;

/// <summary>
/// Fetches and reads the channel list: JSON or HOCON (JSON is HOCON), either <c>{ channels = [ ... ] }</c> or a bare
/// list, each entry <c>{ name (or id), title, password, upstreams = [ { url, type, user-agent, headers } or "url" ], on-demand }</c>,
/// checked like a channel added through the admin API.
/// </summary>
/// <remarks>
/// A fetched list is text from elsewhere: it is read without the node's environment (no <c>${VAR}</c> is resolved, so no
/// secret can be pulled into it), limited to <see cref="MaxBytes"/> and <see cref="MaxChannels"/>.
/// </remarks>
internal sealed class ChannelListReader(string from, HttpClient http)
{
    public const int MaxBytes = 1024 * 1024;

    public const int MaxChannels = 1000;

    /// <summary>The listed channels, each marked <see cref="RuntimeChannel.Listed"/>.</summary>
    /// <exception cref="ChannelListException">The list cannot be fetched, parsed or has a bad entry.</exception>
    public async Task<IReadOnlyList<RuntimeChannel>> ReadAsync(CancellationToken cancellationToken) =>
        Parse(await FetchAsync(cancellationToken).ConfigureAwait(false), from);

    /// <summary>Reads the text of a list; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ChannelListException">The text is malformed or an entry is wrong.</exception>
    public static IReadOnlyList<RuntimeChannel> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = text.TrimStart().StartsWith('[') ? "channels = " + text : text;
        IConfiguration tree;
        try
        {
            var root = HoconLoader.Parse(document, source, new HoconLoadOptions { Environment = _ => null });
            tree = new ConfigurationBuilder()
                .AddInMemoryCollection(HoconTreeFlattener.Flatten(root).Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)))
                .Build();
        }
        catch (HoconException e)
        {
            throw new ChannelListException($"{source}: {e.Message}", e);
        }

        var entries = tree.GetSection("channels").GetChildren().OrderBy(e => int.TryParse(e.Key, out var i) ? i : int.MaxValue).ToList();
        if (entries.Count > MaxChannels)
        {
            throw new ChannelListException($"{source}: {entries.Count} channels; at most {MaxChannels} are allowed");
        }

        var channels = new List<RuntimeChannel>(entries.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            RuntimeChannel channel;
            try
            {
                channel = RuntimeChannelApi.Validate(RequestOf(entry), listed: true);
            }
            catch (FormatException e)
            {
                throw new ChannelListException($"{source}: channels[{entry.Key}]: {e.Message}", e);
            }

            if (!names.Add(channel.Name))
            {
                throw new ChannelListException($"{source}: channels[{entry.Key}]: {channel.Name} is listed twice");
            }

            channels.Add(channel);
        }

        return channels;
    }

    private static RuntimeChannelApi.AddChannelRequest RequestOf(IConfigurationSection entry)
    {
        var upstreams = entry.GetSection("upstreams").GetChildren()
            .OrderBy(u => int.TryParse(u.Key, out var i) ? i : int.MaxValue)
            .Select(u => u.Value is { } url
                ? new RuntimeChannelApi.UpstreamRequest(url, null, null, null)
                : new RuntimeChannelApi.UpstreamRequest(
                    u["url"], u["type"], u["user-agent"], u.GetSection("headers").GetChildren().ToDictionary(h => h.Key, h => h.Value ?? "", StringComparer.OrdinalIgnoreCase)))
            .ToList();
        var onDemand = entry["on-demand"] switch
        {
            null or "" or "false" => false,
            "true" => true,
            var other => throw new FormatException($"on-demand must be true or false, not \"{other}\""),
        };
        return new RuntimeChannelApi.AddChannelRequest(entry["name"] ?? entry["id"], entry["password"], upstreams, onDemand, entry["title"]);
    }

    private async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (from.StartsWith("file:", StringComparison.Ordinal))
            {
                var path = from["file:".Length..];
                var info = new FileInfo(path);
                return info.Length > MaxBytes
                    ? throw new ChannelListException($"{from}: {info.Length} bytes; at most {MaxBytes} are read")
                    : await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }

            using var response = await http.GetAsync(new Uri(from), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ChannelListException($"{from}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                throw new ChannelListException($"{from}: {response.Content.Headers.ContentLength} bytes; at most {MaxBytes} are read");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxBytes + 1];
            var length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > MaxBytes)
                {
                    throw new ChannelListException($"{from}: longer than {MaxBytes} bytes");
                }
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ChannelListException($"{from}: {e.Message}", e);
        }
    }
}
