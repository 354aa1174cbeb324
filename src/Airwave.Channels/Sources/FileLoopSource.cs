using Airwave.Media;
using Airwave.Media.Framing;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Sources;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Airwave.Channels.Sources;

/// <summary>Plays an audio file in a loop, in real time, as a channel's source (the standalone <c>/demo</c> channel).</summary>
/// <remarks>The file is framed once; chunks are then sent at the pace of their sample durations, never faster.</remarks>
public sealed class FileLoopSource
{
    private readonly LiveChannel channel;
    private readonly IActorRef actor;
    private readonly string path;
    private readonly TimeProvider clock;
    private readonly ILogger log;

    public FileLoopSource(LiveChannel channel, IActorRef actor, string path, TimeProvider clock, ILogger log)
    {
        this.channel = channel;
        this.actor = actor;
        this.path = path;
        this.clock = clock;
        this.log = log;
    }

    /// <summary>Attaches to the channel and loops until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var format = path.EndsWith(".aac", StringComparison.OrdinalIgnoreCase) ? AudioFormat.Aac : AudioFormat.Mp3;
        var source = new SourceDescriptor(Guid.NewGuid(), "file:" + Path.GetFileName(path), format, "airwave-file-loop");
        var attached = await actor.Ask<SourceAttachResult>(reply => new AttachSource(source, reply), TimeSpan.FromSeconds(10), cancellationToken)
            .ConfigureAwait(false);
        if (!attached.Accepted)
        {
            log.LogWarning("file loop on {Mount} not started: {Reason}", channel.Settings.Mount, attached.Reason);
            return;
        }

        var chunks = FrameFile(bytes, format);
        if (chunks.Count == 0)
        {
            log.LogError("{Path} holds no MP3 or ADTS frames; {Mount} stays silent", path, channel.Settings.Mount);
            actor.Tell(new DetachSource(source.Id, "loop file is not audio"));
            return;
        }

        log.LogInformation("looping {Path} on {Mount}", path, channel.Settings.Mount);
        var started = clock.GetTimestamp();
        long sentTicks = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var (payload, samples, sampleRate, channels, bitrate) in chunks)
                {
                    var ahead = TimeSpan.FromTicks(sentTicks) - clock.GetElapsedTime(started) - channel.Settings.ChunkDuration;
                    if (ahead > TimeSpan.Zero)
                    {
                        await Task.Delay(ahead, clock, cancellationToken).ConfigureAwait(false);
                    }

                    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(payload.Length);
                    payload.CopyTo(buffer, 0);
                    actor.Tell(new IngestChunk(source.Id, new AssembledChunk(buffer, payload.Length, samples, sampleRate, format, channels, bitrate)));
                    sentTicks += SampleDuration.ToTicks(samples, sampleRate);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            actor.Tell(new DetachSource(source.Id, "file loop stopped"));
        }
    }

    private List<(byte[] Payload, int Samples, int SampleRate, int Channels, int Bitrate)> FrameFile(byte[] bytes, AudioFormat format)
    {
        var framer = new AudioFramer(new AudioFramerOptions { ExpectedFormat = format });
        using var assembler = new ChunkAssembler(channel.Settings.ChunkDuration);
        var chunks = new List<(byte[], int, int, int, int)>();
        var buffer = new System.Buffers.ReadOnlySequence<byte>(bytes);
        while (framer.Read(ref buffer, isCompleted: true, out var frame) == AudioFramerStatus.Frame)
        {
            if (assembler.Add(frame) is { } chunk)
            {
                chunks.Add(Keep(chunk));
            }
        }

        if (assembler.Flush() is { } last)
        {
            chunks.Add(Keep(last));
        }

        return chunks;
    }

    private static (byte[], int, int, int, int) Keep(AssembledChunk chunk)
    {
        var copy = chunk.Payload.ToArray();
        chunk.Release();
        return (copy, chunk.Samples, chunk.SampleRate, chunk.Channels, chunk.Bitrate);
    }
}
