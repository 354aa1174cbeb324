using System.Globalization;
using System.Text.Json.Serialization;
using Airwave.Persistence.Analytics;
using Airwave.Streaming.Analytics;

namespace Airwave.Node.Analytics;

/// <summary>A listen as exported (NDJSON, CSV) and, with its event, as pushed to Elasticsearch.</summary>
internal sealed record ListenDocument(
    [property: JsonPropertyName("@timestamp"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? Timestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Event,
    string ListenId,
    string SessionId,
    string Channel,
    string Output,
    string Client,
    string UserAgent,
    string Node,
    double OffsetSeconds,
    DateTime Started,
    DateTime Last,
    double Seconds,
    long Bytes,
    bool Ended,
    string EndReason)
{
    /// <summary>The CSV header, in the order of <see cref="CsvLine"/>.</summary>
    public const string CsvHeader = "listen_id,session_id,channel,output,client,user_agent,node,offset_seconds,started,last,seconds,bytes,ended,end_reason";

    public static ListenDocument Of(ListenRow listen) => Of(listen, null, null);

    public static ListenDocument Of(ListenEvent listenEvent)
    {
        ArgumentNullException.ThrowIfNull(listenEvent);
        return Of(listenEvent.Listen, listenEvent.AtUtc, listenEvent.Kind.ToString().ToLowerInvariant());
    }

    /// <summary>One CSV line (RFC 4180: text fields quoted, quotes doubled).</summary>
    public string CsvLine() => string.Join(',',
        Quote(ListenId), Quote(SessionId), Quote(Channel), Quote(Output), Quote(Client), Quote(UserAgent), Quote(Node),
        OffsetSeconds.ToString("0.###", CultureInfo.InvariantCulture), Started.ToString("o", CultureInfo.InvariantCulture), Last.ToString("o", CultureInfo.InvariantCulture),
        Seconds.ToString("0.###", CultureInfo.InvariantCulture), Bytes.ToString(CultureInfo.InvariantCulture), Ended ? "true" : "false", Quote(EndReason));

    private static ListenDocument Of(ListenRow listen, DateTime? at, string? kind)
    {
        ArgumentNullException.ThrowIfNull(listen);
        return new ListenDocument(
            at, kind, listen.ListenId, listen.SessionId, listen.Channel, listen.Output, listen.Client, listen.UserAgent, listen.Node, listen.Offset.TotalSeconds,
            listen.StartedUtc, listen.LastUtc, listen.Listened.TotalSeconds, listen.Bytes, listen.Ended, listen.EndReason);
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
