namespace Airwave.Media.Mp3;

/// <summary>Recognizes Xing/Info/VBRI frames, which carry encoder metadata instead of audio.</summary>
public static class Mp3InfoTag
{
    /// <summary>Offset of a VBRI tag from the start of the frame.</summary>
    private const int VbriOffset = Mp3FrameHeader.Length + 32;

    /// <summary>Bytes of a frame's start that <see cref="Detect"/> looks at, at most.</summary>
    public const int BytesNeeded = VbriOffset + 4;

    /// <summary>Looks for a tag in the first bytes of a Layer III frame (pass at least <see cref="BytesNeeded"/> or the whole frame).</summary>
    public static Mp3InfoTagKind Detect(ReadOnlySpan<byte> frameStart, in Mp3FrameHeader header)
    {
        if (header.Layer != MpegLayer.Layer3)
        {
            return Mp3InfoTagKind.None;
        }

        var xingOffset = Mp3FrameHeader.Length + header.SideInfoLength;
        if (frameStart.Length >= xingOffset + 4)
        {
            var tag = frameStart.Slice(xingOffset, 4);
            if (tag.SequenceEqual("Xing"u8))
            {
                return Mp3InfoTagKind.Xing;
            }

            if (tag.SequenceEqual("Info"u8))
            {
                return Mp3InfoTagKind.Info;
            }
        }

        return frameStart.Length >= BytesNeeded && frameStart.Slice(VbriOffset, 4).SequenceEqual("VBRI"u8)
            ? Mp3InfoTagKind.Vbri
            : Mp3InfoTagKind.None;
    }
}
