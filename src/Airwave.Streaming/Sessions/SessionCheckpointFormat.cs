using System.Text.Json;

namespace Airwave.Streaming.Sessions;

/// <summary>
/// How a session's checkpoint is stored: binary, about 100 bytes where the JSON of earlier versions took about 360.
/// States those versions wrote (JSON, recognised by their first byte) are still read, so sessions resume across an upgrade.
/// </summary>
/// <remarks>
/// <para>
/// Every new connection's first checkpoint goes through Akka.Persistence.Sql, which inlines each payload into the
/// statement's text as a hex literal on SQLite: 360 bytes were 720 characters of SQL for SQLite to parse, and with
/// linq2db's builders about 3.5 KB of garbage per listener, the largest of a connection (docs/benchmarks.md).
/// </para>
/// <para>
/// A node of an earlier version cannot read this form: a listener it serves with such a session (during a rolling
/// upgrade, one that left a new node for an old one) plays from live, unrecorded, as when a session cannot be read.
/// </para>
/// </remarks>
public static class SessionCheckpointFormat
{
    /// <summary>The first byte of a binary state. Earlier versions' JSON states begin with <c>{</c>.</summary>
    private const byte Binary = 2;

    private const byte JsonStart = (byte)'{';

    /// <summary>The JSON of earlier versions: camelCase, as System.Text.Json's web defaults write it.</summary>
    private static readonly JsonSerializerOptions EarlierJson = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a state this version or an earlier one wrote.</summary>
    /// <exception cref="InvalidDataException">The state is truncated, damaged or of a form this version does not know.</exception>
    public static ListenerSessionCheckpoint Decode(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state switch
        {
            [JsonStart, ..] => DecodeJson(state),
            [Binary, ..] => DecodeBinary(state),
            [] => throw new InvalidDataException("a listener session state is empty"),
            [var first, ..] => throw new InvalidDataException($"a listener session state of form {first}; this version reads {Binary} and the JSON of earlier versions"),
        };
    }

    private static ListenerSessionCheckpoint DecodeJson(byte[] state)
    {
        try
        {
            return JsonSerializer.Deserialize<ListenerSessionCheckpoint>(state, EarlierJson) ?? throw new InvalidDataException("a listener session state reads as null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("a listener session state is not the JSON an earlier version wrote", e);
        }
    }

    private static ListenerSessionCheckpoint DecodeBinary(byte[] state)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state, 1, state.Length - 1, writable: false));
            var sessionId = SessionBinary.ReadId(reader);
            var channel = reader.ReadString();
            var playheadSeq = SessionBinary.ReadSigned(reader);
            var lastSeen = reader.ReadInt64();
            var playheadEnd = lastSeen - SessionBinary.ReadSigned(reader);
            var shift = SessionBinary.ReadSigned(reader);
            var bytes = reader.Read7BitEncodedInt64();
            var remote = reader.ReadString();
            var userAgent = reader.ReadString();
            var started = lastSeen - SessionBinary.ReadSigned(reader);
            var writer = reader.ReadBoolean() ? SessionBinary.ReadId(reader) : null;
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException($"a listener session state has {reader.BaseStream.Length - reader.BaseStream.Position} bytes after its end");
            }

            return new ListenerSessionCheckpoint(
                sessionId, channel, playheadSeq, Utc(playheadEnd), new TimeSpan(shift), bytes, remote, userAgent, Utc(started), Utc(lastSeen), writer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("a listener session state is truncated", e);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            // A damaged string, or a time outside DateTime's range.
            throw new InvalidDataException("a listener session state is damaged", e);
        }
    }

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    /// <summary>Writes states into one buffer kept from state to state, so a state costs only its array.</summary>
    /// <remarks>Not thread-safe: one batch of checkpoints is written at a time (<see cref="SessionCheckpoints"/>).</remarks>
    public sealed class Encoder : IDisposable
    {
        private readonly MemoryStream buffer = new();
        private readonly BinaryWriter writer;

        public Encoder() => writer = new BinaryWriter(buffer);

        public byte[] Encode(ListenerSessionCheckpoint state)
        {
            ArgumentNullException.ThrowIfNull(state);
            buffer.SetLength(0);
            writer.Write(Binary);
            SessionBinary.WriteId(writer, state.SessionId);
            writer.Write(state.Channel);
            SessionBinary.WriteSigned(writer, state.PlayheadSeq);
            // The times as distances from when the session was last seen: a few bytes each rather than eight.
            var lastSeen = state.LastSeenUtc.Ticks;
            writer.Write(lastSeen);
            SessionBinary.WriteSigned(writer, lastSeen - state.PlayheadEndUtc.Ticks);
            SessionBinary.WriteSigned(writer, state.Shift.Ticks);
            writer.Write7BitEncodedInt64(state.Bytes);
            writer.Write(state.Remote);
            writer.Write(state.UserAgent);
            SessionBinary.WriteSigned(writer, lastSeen - state.StartedUtc.Ticks);
            writer.Write(state.Writer is not null);
            if (state.Writer is { } run)
            {
                SessionBinary.WriteId(writer, run);
            }

            writer.Flush();
            return buffer.ToArray();
        }

        public void Dispose()
        {
            writer.Dispose();
            buffer.Dispose();
        }
    }
}
