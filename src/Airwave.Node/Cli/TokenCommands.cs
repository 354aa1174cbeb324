using System.CommandLine;
using System.Globalization;
using Airwave.Node.Access;

namespace Airwave.Node.Cli;

/// <summary>The <c>token</c> palette: <c>mint</c> a listener token for a channel (the node signs it with the channel's <c>token-secret</c>).</summary>
internal static class TokenCommands
{
    public static Command Create(CliContext cli)
    {
        var channel = new Argument<string>("channel") { Description = "The channel the token is for" };
        var expires = new Option<string>("--expires") { Description = "How long it works: 90s, 30m, 12h (at most 366 days)", DefaultValueFactory = _ => "1h" };
        var address = new Option<string?>("--client") { Description = "The only IP address it works from (default: any)" };
        var url = new Option<string?>("--url") { Description = "Also print the signed stream and HLS URLs on this base (e.g. https://radio.example.com)" };
        var mint = new Command("mint", "Mint a listener token: it opens a channel with require-token (?token=) and starts transcode sessions (POST /transcode?token=)") { channel, expires, address, url };
        mint.SetAction((parse, ct) => cli.RunAsync(parse, async (client, json, output, token) =>
        {
            var request = new ListenerTokenRequest(parse.GetValue(channel), parse.GetValue(expires), parse.GetValue(address));
            var grant = await client.SendJsonAsync<ListenerTokenGrant>(HttpMethod.Post, "api/tokens", request, token).ConfigureAwait(false);
            if (json)
            {
                return PaletteCommands.Print(output, grant);
            }

            await output.WriteLineAsync(grant.Token).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"for /{grant.Channel} until {grant.ExpiresUtc:u}{(grant.Client is null ? "" : " from " + grant.Client)}: /{grant.Channel}?token=… on the listener port, or POST /transcode?token=…")).ConfigureAwait(false);
            if (parse.GetValue(url) is { Length: > 0 } baseUrl)
            {
                var query = "?" + ListenerAccessGate.TokenQuery + "=" + Uri.EscapeDataString(grant.Token);
                await output.WriteLineAsync($"{baseUrl.TrimEnd('/')}/{grant.Channel}{query}").ConfigureAwait(false);
                await output.WriteLineAsync($"{baseUrl.TrimEnd('/')}/{grant.Channel}.m3u8{query}").ConfigureAwait(false);
            }

            return CliExitCodes.Ok;
        }, ct));

        return new Command("token", "Listener token palette") { mint };
    }
}
