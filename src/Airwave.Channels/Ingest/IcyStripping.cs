using System.Buffers;
using Airwave.Media.Icy;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Airwave.Channels.Ingest;

/// <summary>The stage that takes in-band ICY metadata blocks out of a pulled Icecast stream, leaving only its audio bytes.</summary>
/// <remarks>
/// Wraps <see cref="IcyStreamSplitter"/>, one per materialization. Only a metadata block cut by a read waits in the stage's
/// carry buffer; each pushed element holds the audio of one read. Each block's fields go to the callback, in stream order.
/// </remarks>
public sealed class IcyStripping : GraphStage<FlowShape<ByteString, ByteString>>
{
    private readonly int metaInt;
    private readonly Action<IReadOnlyDictionary<string, string>> onMetadata;

    /// <param name="metaInt">The stream's <c>icy-metaint</c>: audio bytes between two metadata blocks.</param>
    /// <param name="onMetadata">Called with the fields of every metadata block that is not empty.</param>
    public IcyStripping(int metaInt, Action<IReadOnlyDictionary<string, string>> onMetadata)
    {
        this.metaInt = metaInt;
        this.onMetadata = onMetadata;
        Shape = new FlowShape<ByteString, ByteString>(In, Out);
    }

    public Inlet<ByteString> In { get; } = new("IcyStripping.in");

    public Outlet<ByteString> Out { get; } = new("IcyStripping.out");

    public override FlowShape<ByteString, ByteString> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("icy-stripping");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    /// <remarks>Disposable for its pooled carry buffer; the stage's end of life is <see cref="PostStop"/>, which disposes it.</remarks>
    private sealed class Logic : GraphStageLogic, IDisposable
    {
        private readonly IcyStripping stage;
        private readonly IcyStreamSplitter splitter;
        private readonly CarryBuffer carry = new();

        public Logic(IcyStripping stage)
            : base(stage.Shape)
        {
            this.stage = stage;
            splitter = new IcyStreamSplitter(stage.metaInt);
            SetHandler(stage.In, onPush: OnPush);
            SetHandler(stage.Out, onPull: () => Pull(stage.In));
        }

        public override void PostStop() => Dispose();

        public void Dispose()
        {
            carry.Dispose();
        }

        private void OnPush()
        {
            carry.Append(Grab(stage.In));
            var buffer = carry.Unread;
            var audio = ByteString.Empty;
            IcySplitStatus status;
            while ((status = splitter.Read(ref buffer, out var slice)) != IcySplitStatus.NeedMoreData)
            {
                if (status == IcySplitStatus.Audio)
                {
                    audio = audio.Concat(ByteString.FromBytes(slice.ToArray()));
                }
                else if (!slice.IsEmpty)
                {
                    stage.onMetadata(IcyMetadataDecoder.Decode(slice.FirstSpan));
                }
            }

            carry.Keep(buffer.Length);
            if (audio.IsEmpty)
            {
                Pull(stage.In);
            }
            else
            {
                Push(stage.Out, audio);
            }
        }
    }
}
