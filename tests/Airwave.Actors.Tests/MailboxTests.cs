using Airwave.Actors;
using Airwave.TestKit;

namespace Airwave.Actors.Tests;

public sealed class MailboxTests : ActorTestKit
{
    private async Task<(IActorRef<int> Actor, TaskCompletionSource Gate)> StartBlockedAsync(TestProbe probe, MailboxOptions mailbox)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = System.Spawn(Props.Create(() => new GatedActor(probe, gate.Task)) with { Mailbox = mailbox });
        actor.Tell(0);
        await probe.ExpectMsgAsync("blocked");
        return (actor, gate);
    }

    [Fact]
    public async Task DropNew_keeps_the_oldest_messages_and_counts_the_rest_as_dead_letters()
    {
        var probe = CreateProbe();
        var (actor, gate) = await StartBlockedAsync(probe, MailboxOptions.Bounded(2, MailboxOverflow.DropNew));
        var before = System.DeadLetters.Count;

        for (var i = 1; i <= 4; i++)
        {
            actor.Tell(i);
        }

        Assert.Equal(before + 2, System.DeadLetters.Count);
        gate.SetResult();
        await probe.ExpectMsgAsync(0);
        await probe.ExpectMsgAsync(1);
        await probe.ExpectMsgAsync(2);
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task DropHead_keeps_the_newest_messages()
    {
        var probe = CreateProbe();
        var (actor, gate) = await StartBlockedAsync(probe, MailboxOptions.Bounded(2, MailboxOverflow.DropHead));
        var before = System.DeadLetters.Count;

        for (var i = 1; i <= 4; i++)
        {
            actor.Tell(i);
        }

        Assert.Equal(before + 2, System.DeadLetters.Count);
        gate.SetResult();
        await probe.ExpectMsgAsync(0);
        await probe.ExpectMsgAsync(3);
        await probe.ExpectMsgAsync(4);
    }

    [Fact]
    public async Task Fail_throws_to_the_sender_when_full()
    {
        var probe = CreateProbe();
        var (actor, gate) = await StartBlockedAsync(probe, MailboxOptions.Bounded(2, MailboxOverflow.Fail));

        actor.Tell(1);
        actor.Tell(2);

        Assert.Throws<MailboxFullException>(() => actor.Tell(3));
        gate.SetResult();
        await probe.ExpectMsgAsync(0);
        await probe.ExpectMsgAsync(1);
        await probe.ExpectMsgAsync(2);
    }

    [Fact]
    public async Task Hierarchy_lists_paths_types_and_mailbox_depths_in_tree_order()
    {
        var probe = CreateProbe("watcher");
        var (actor, gate) = await StartBlockedAsync(probe, MailboxOptions.Unbounded);
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell(3);

        var hierarchy = System.GetHierarchy();

        var paths = hierarchy.Select(info => info.Path).ToList();
        Assert.Equal(["/system", "/system/watcher", "/user", actor.Path], paths);
        var blocked = hierarchy.Single(info => info.Path == actor.Path);
        Assert.Equal(nameof(GatedActor), blocked.TypeName);
        Assert.Equal(3, blocked.MailboxDepth);
        gate.SetResult();
    }
}
