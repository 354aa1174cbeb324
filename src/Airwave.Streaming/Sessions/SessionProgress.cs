using System.Buffers.Binary;

namespace Airwave.Streaming.Sessions;

/// <summary>
/// One progress row of a node run: where every session it streamed was at one moment (channel, playhead, shift, bytes).
/// Written once per checkpoint interval for all of them, in place of a checkpoint per session whose playhead moved.
/// </summary>
/// <remarks>
/// <para>
/// Binary, like the sessions' checkpoints (<see cref="SessionCheckpointFormat"/>): it is written for every connected
/// listener every interval, and read only when a listener resumes a session whose last checkpoint names this writer
/// (<see cref="ListenerSessionCheckpoint.Writer"/>).
/// </para>
/// <para>
/// Format 2 keeps a session in 27 to 35 bytes, where format 1 took 70: a generated session id as its 16 bytes rather
/// than 32 hex digits, the channel as an index into the row's list of channels, and the numbers as variable-length
/// integers, the playhead's time relative to the row's. At 10,000 listeners a row is about 300 KB rather than 700, written
/// every interval. Rows of format 1, which nodes of earlier versions wrote, are still read, so sessions resume across
/// an upgrade.
/// </para>
/// </remarks>
internal sealed class SessionProgress
{
    private const byte Format = 2;

    /// <summary>The format of earlier versions: each session's id, channel and four 8-byte numbers, in full.</summary>
    private const byte FormatWithoutTables = 1;

    private readonly Dictionary<string, Position> sessions;

    private SessionProgress(DateTime writtenUtc, Dictionary<string, Position> sessions)
    {
        WrittenUtc = writtenUtc;
        this.sessions = sessions;
    }

    /// <summary>When the row was written: the sessions in it were connected then.</summary>
    public DateTime WrittenUtc { get; }

    public int Count => sessions.Count;

    /// <summary>Reads a row a <see cref="Builder"/> wrote, of this format or the one before.</summary>
    /// <exception cref="InvalidDataException">The row is truncated, inconsistent or of a format this version does not know.</exception>
    public static SessionProgress Decode(byte[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(row, writable: false));
            if (reader.ReadByte() is var format && format is not (Format or FormatWithoutTables))
            {
                throw new InvalidDataException($"listener session progress of format {format}; this version reads formats {FormatWithoutTables} and {Format}");
            }

            var writtenUtc = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
            // Every session takes several bytes: a count beyond the row's length is a damaged row, not a dictionary to size.
            if (reader.ReadInt32() is var count && (count < 0 || count > row.Length))
            {
                throw new InvalidDataException($"listener session progress says it holds {count} sessions in {row.Length} bytes");
            }

            var sessions = new Dictionary<string, Position>(count, StringComparer.Ordinal);
            if (format == Format)
            {
                ReadSessions(reader, writtenUtc, count, sessions);
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    sessions[reader.ReadString()] = new Position(
                        reader.ReadString(), reader.ReadInt64(), new DateTime(reader.ReadInt64(), DateTimeKind.Utc), new TimeSpan(reader.ReadInt64()), reader.ReadInt64());
                }
            }

            return new SessionProgress(writtenUtc, sessions);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("listener session progress is truncated", e);
        }
    }

    /// <summary><paramref name="saved"/> with the position this row holds for it, when the row is newer; else <paramref name="saved"/> itself.</summary>
    public ListenerSessionCheckpoint Apply(ListenerSessionCheckpoint saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return WrittenUtc > saved.LastSeenUtc && sessions.TryGetValue(saved.SessionId, out var at)
            ? saved with
            {
                Channel = at.Channel,
                PlayheadSeq = at.PlayheadSeq,
                PlayheadEndUtc = at.PlayheadEndUtc,
                Shift = at.Shift,
                Bytes = at.Bytes,
                LastSeenUtc = WrittenUtc,
            }
            : saved;
    }

    /// <summary>The sessions of a format 2 row, after its header: the list of channels is at the end, where its offset says.</summary>
    private static void ReadSessions(BinaryReader reader, DateTime writtenUtc, int count, Dictionary<string, Position> sessions)
    {
        var tableOffset = reader.ReadInt32();
        var first = reader.BaseStream.Position;
        if (tableOffset < first || tableOffset > reader.BaseStream.Length)
        {
            throw new EndOfStreamException($"the list of channels is said to be at byte {tableOffset} of {reader.BaseStream.Length}");
        }

        reader.BaseStream.Position = tableOffset;
        var channels = new string[reader.Read7BitEncodedInt()];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = reader.ReadString();
        }

        reader.BaseStream.Position = first;
        for (var i = 0; i < count; i++)
        {
            var sessionId = SessionBinary.ReadId(reader);
            var channel = reader.Read7BitEncodedInt() is var index && (uint)index < (uint)channels.Length
                ? channels[index]
                : throw new InvalidDataException($"listener session progress names channel {index} of {channels.Length}");
            var playheadSeq = reader.Read7BitEncodedInt64();
            var playheadEnd = new DateTime(writtenUtc.Ticks - SessionBinary.ReadSigned(reader), DateTimeKind.Utc);
            var shift = new TimeSpan(SessionBinary.ReadSigned(reader));
            sessions[sessionId] = new Position(channel, playheadSeq, playheadEnd, shift, reader.Read7BitEncodedInt64());
        }
    }

    /// <summary>One session's part of the row.</summary>
    private readonly record struct Position(string Channel, long PlayheadSeq, DateTime PlayheadEndUtc, TimeSpan Shift, long Bytes);

    /// <summary>Writes rows into one buffer kept from row to row, so a row costs only its final array.</summary>
    public sealed class Builder : IDisposable
    {
        /// <summary>Where the session count is, after the format and the time; the list of channels' offset follows it.</summary>
        private const int CountOffset = sizeof(byte) + sizeof(long);
        private const int TableOffsetOffset = CountOffset + sizeof(int);
        private readonly MemoryStream buffer = new();
        private readonly BinaryWriter writer;
        private readonly Dictionary<string, int> channelIndexes = new(StringComparer.Ordinal);
        private readonly List<string> channels = [];
        private long writtenTicks;

        public Builder() => writer = new BinaryWriter(buffer);

        /// <summary>The sessions added since <see cref="Begin"/>.</summary>
        public int Count { get; private set; }

        /// <summary>Starts a row written at <paramref name="writtenUtc"/>, dropping whatever the last one held.</summary>
        public void Begin(DateTime writtenUtc)
        {
            buffer.SetLength(0);
            channelIndexes.Clear();
            channels.Clear();
            writtenTicks = writtenUtc.Ticks;
            writer.Write(Format);
            writer.Write(writtenTicks);
            writer.Write(0);
            writer.Write(0);
            Count = 0;
        }

        public void Add(string sessionId, string channel, long playheadSeq, DateTime playheadEndUtc, TimeSpan shift, long bytes)
        {
            ArgumentNullException.ThrowIfNull(sessionId);
            ArgumentNullException.ThrowIfNull(channel);
            SessionBinary.WriteId(writer, sessionId);
            if (!channelIndexes.TryGetValue(channel, out var index))
            {
                index = channels.Count;
                channelIndexes.Add(channel, index);
                channels.Add(channel);
            }

            writer.Write7BitEncodedInt(index);
            writer.Write7BitEncodedInt64(playheadSeq);
            SessionBinary.WriteSigned(writer, writtenTicks - playheadEndUtc.Ticks);
            SessionBinary.WriteSigned(writer, shift.Ticks);
            writer.Write7BitEncodedInt64(bytes);
            Count++;
        }

        /// <summary>The row as stored: the sessions added, then the list of the channels they name. Ends the row.</summary>
        public byte[] ToArray()
        {
            writer.Flush();
            var tableOffset = checked((int)buffer.Length);
            writer.Write7BitEncodedInt(channels.Count);
            foreach (var channel in channels)
            {
                writer.Write(channel);
            }

            writer.Flush();
            var row = buffer.ToArray();
            BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(CountOffset), Count);
            BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(TableOffsetOffset), tableOffset);
            return row;
        }

        public void Dispose()
        {
            writer.Dispose();
            buffer.Dispose();
        }
    }
}
