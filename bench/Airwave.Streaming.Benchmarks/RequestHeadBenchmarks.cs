using System.Buffers;
using System.Text;
using Airwave.Streaming.Sources;
using BenchmarkDotNet.Attributes;

namespace Airwave.Streaming.Benchmarks;

/// <summary>
/// What reading a listener's request head costs per connection: the parse, and the fields a listener's route reads
/// (<c>ConnectionListenerEndpoint.Route</c>: body or upgrade, mount and query, <c>Icy-MetaData</c>, <c>User-Agent</c>,
/// <c>Cookie</c>). The heads are what VLC and a browser's audio element send.
/// </summary>
[MemoryDiagnoser]
public class RequestHeadBenchmarks
{
    private ReadOnlySequence<byte> head;

    [Params("vlc", "browser")]
    public string Client { get; set; } = "vlc";

    [GlobalSetup]
    public void Setup() => head = new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(Client switch
    {
        "vlc" => "GET /live HTTP/1.1\r\nHost: radio.example.com:8000\r\nAccept: */*\r\nAccept-Language: en_US\r\nUser-Agent: VLC/3.0.20 LibVLC/3.0.20\r\n"
            + "Range: bytes=0-\r\nIcy-MetaData: 1\r\n\r\n",
        _ => "GET /live?offset=60 HTTP/1.1\r\nHost: radio.example.com\r\nConnection: keep-alive\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n"
            + "Accept-Encoding: identity;q=1, *;q=0\r\nAccept: */*\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: no-cors\r\n"
            + "Sec-Fetch-Dest: audio\r\nReferer: https://radio.example.com/\r\nAccept-Language: en-US,en;q=0.9\r\nRange: bytes=0-\r\n\r\n",
    }));

    [Benchmark]
    public int ParseAndRoute()
    {
        var parsed = SourceRequestHeadParser.ParseListener(head).Head!;
        return (parsed.HasBodyOrUpgrade ? 1 : 0) + parsed.Mount.Length + parsed.Query.Length + (parsed.Header("Icy-MetaData") == "1" ? 1 : 0)
            + (parsed.Header("User-Agent")?.Length ?? 0) + (parsed.Header("Cookie")?.Length ?? 0);
    }
}
