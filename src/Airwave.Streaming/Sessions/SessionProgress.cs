using System.Buffers.Binary;

namespace Airwave.Streaming.Sessions;

/// <summary>
/// One progress row of a node run: where every session it streamed was at one moment (channel, playhead, shift, bytes).
/// Written once per checkpoint interval for all of them, in place of a checkpoint per session whose playhead moved.
/// </summary>
/// <remarks>
/// Binary rather than JSON like the sessions: it is written for every connected listener every interval, and read only
/// when a listener resumes a session whose last checkpoint names this writer (<see cref="ListenerSessionCheckpoint.Writer"/>).
/// </remarks>
internal sealed class SessionProgress
{
    private const byte Format = 1;
    private readonly Dictionary<string, Position> sessions;

    private SessionProgress(DateTime writtenUtc, Dictionary<string, Position> sessions)
    {
        WrittenUtc = writtenUtc;
        this.sessions = sessions;
    }

    /// <summary>When the row was written: the sessions in it were connected then.</summary>
    public DateTime WrittenUtc { get; }

    public int Count => sessions.Count;

    /// <summary>Reads a row a <see cref="Builder"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The row is truncated or of a format this version does not know.</exception>
    public static SessionProgress Decode(byte[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(row, writable: false));
            if (reader.ReadByte() is var format && format != Format)
            {
                throw new InvalidDataException($"listener session progress of format {format}; this version reads format {Format}");
            }

            var writtenUtc = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
            var count = reader.ReadInt32();
            var sessions = new Dictionary<string, Position>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                sessions[reader.ReadString()] = new Position(
                    reader.ReadString(), reader.ReadInt64(), new DateTime(reader.ReadInt64(), DateTimeKind.Utc), new TimeSpan(reader.ReadInt64()), reader.ReadInt64());
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

    /// <summary>One session's part of the row.</summary>
    private readonly record struct Position(string Channel, long PlayheadSeq, DateTime PlayheadEndUtc, TimeSpan Shift, long Bytes);

    /// <summary>Writes rows into one buffer kept from row to row, so a row costs only its final array.</summary>
    public sealed class Builder : IDisposable
    {
        /// <summary>Where the session count is, after the format and the time.</summary>
        private const int CountOffset = sizeof(byte) + sizeof(long);
        private readonly MemoryStream buffer = new();
        private readonly BinaryWriter writer;

        public Builder() => writer = new BinaryWriter(buffer);

        /// <summary>The sessions added since <see cref="Begin"/>.</summary>
        public int Count { get; private set; }

        /// <summary>Starts a row written at <paramref name="writtenUtc"/>, dropping whatever the last one held.</summary>
        public void Begin(DateTime writtenUtc)
        {
            buffer.SetLength(0);
            writer.Write(Format);
            writer.Write(writtenUtc.Ticks);
            writer.Write(0);
            Count = 0;
        }

        public void Add(string sessionId, string channel, long playheadSeq, DateTime playheadEndUtc, TimeSpan shift, long bytes)
        {
            writer.Write(sessionId);
            writer.Write(channel);
            writer.Write(playheadSeq);
            writer.Write(playheadEndUtc.Ticks);
            writer.Write(shift.Ticks);
            writer.Write(bytes);
            Count++;
        }

        /// <summary>The row as stored.</summary>
        public byte[] ToArray()
        {
            writer.Flush();
            var row = buffer.ToArray();
            BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(CountOffset), Count);
            return row;
        }

        public void Dispose()
        {
            writer.Dispose();
            buffer.Dispose();
        }
    }
}
