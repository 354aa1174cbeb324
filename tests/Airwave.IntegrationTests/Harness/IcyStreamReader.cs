using System.Text;

namespace Airwave.IntegrationTests.Harness;

/// <summary>Splits an ICY stream (<c>icy-metaint</c> audio bytes, a length byte, length×16 bytes of metadata) back into audio and metadata.</summary>
/// <param name="stream">The response body.</param>
/// <param name="metaInt">The <c>icy-metaint</c> the server announced.</param>
/// <param name="audio">Receives the audio bytes with the metadata taken out.</param>
internal sealed class IcyStreamReader(Stream stream, int metaInt, Stream audio)
{
    private readonly byte[] buffer = new byte[Math.Max(metaInt, 16 * 255)];

    /// <summary>Reads until a metadata block that is not empty arrives; returns its text without the NUL padding.</summary>
    public async Task<string> NextMetadataAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await NextBlockAsync(cancellationToken) is { } metadata)
            {
                return metadata;
            }
        }
    }

    /// <summary>Reads on until at least <paramref name="bytes"/> more audio bytes arrived.</summary>
    public async Task ReadAudioAsync(long bytes, CancellationToken cancellationToken)
    {
        var until = audio.Length + bytes;
        while (audio.Length < until)
        {
            await NextBlockAsync(cancellationToken);
        }
    }

    /// <summary>One interval of audio and the metadata block after it (null when that block is empty).</summary>
    private async Task<string?> NextBlockAsync(CancellationToken cancellationToken)
    {
        await stream.ReadExactlyAsync(buffer.AsMemory(0, metaInt), cancellationToken);
        await audio.WriteAsync(buffer.AsMemory(0, metaInt), cancellationToken);
        await stream.ReadExactlyAsync(buffer.AsMemory(0, 1), cancellationToken);
        var length = buffer[0] * 16;
        if (length == 0)
        {
            return null;
        }

        await stream.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, length).TrimEnd('\0');
    }
}
