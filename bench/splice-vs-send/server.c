// What sending a segment without copying it would save: a minimal keep-alive HTTP server that answers every request
// with the same in-memory body, either copied into the socket by one gathered sendmsg (what the node does now) or
// handed to it by reference (vmsplice of the body's pages into a pipe, then splice from the pipe to the socket, the
// way sendfile spares nginx the copy). Two worker processes, each its own epoll loop, as nginx's two workers here.
//
//   server send|splice PORT BYTES
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static char *body;
static size_t body_length;
static char head[256];
static size_t head_length;
static int by_reference;

// True when a send found the socket full (an answer larger than its buffer, or one still draining), after waiting until
// it takes more: the caller tries again.
static int waited_for_room(ssize_t result, int fd) {
  if (result >= 0 || errno != EAGAIN) return 0;
  struct pollfd p = {fd, POLLOUT, 0};
  poll(&p, 1, 5000);
  return 1;
}

static int send_copied(int fd) {
  size_t done = 0, total = head_length + body_length;
  while (done < total) {
    struct iovec parts[2];
    int count = 0;
    if (done < head_length) parts[count++] = (struct iovec){head + done, head_length - done};
    size_t from = done < head_length ? 0 : done - head_length;
    parts[count++] = (struct iovec){body + from, body_length - from};
    struct msghdr message = {.msg_iov = parts, .msg_iovlen = count};
    ssize_t sent = sendmsg(fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (waited_for_room(sent, fd)) continue;
    if (sent < 0) return -1;
    done += sent;
  }
  return 0;
}

// The head is copied (MSG_MORE holds it for the body); the body's pages go to the socket by reference. The body never
// changes, so the pages the socket still holds after the answer are what it was sent.
static int send_by_reference(int fd, int pipe_out, int pipe_in) {
  for (size_t done = 0; done < head_length;) {
    ssize_t sent = send(fd, head + done, head_length - done, MSG_DONTWAIT | MSG_MORE | MSG_NOSIGNAL);
    if (waited_for_room(sent, fd)) continue;
    if (sent < 0) return -1;
    done += sent;
  }
  for (size_t done = 0; done < body_length;) {
    struct iovec rest = {body + done, body_length - done};
    ssize_t in_pipe = vmsplice(pipe_in, &rest, 1, SPLICE_F_NONBLOCK);
    if (in_pipe < 0) return -1;
    for (ssize_t left = in_pipe; left > 0;) {
      ssize_t moved = splice(pipe_out, NULL, fd, NULL, left, SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
      if (waited_for_room(moved, fd)) continue;
      if (moved < 0) return -1;
      left -= moved;
    }
    done += in_pipe;
  }
  return 0;
}

static void serve(int listening) {
  int events = epoll_create1(0), pipe_ends[2];
  struct epoll_event armed = {EPOLLIN, {.fd = listening}}, ready[64];
  epoll_ctl(events, EPOLL_CTL_ADD, listening, &armed);
  if (pipe2(pipe_ends, O_NONBLOCK) != 0 || fcntl(pipe_ends[1], F_SETPIPE_SZ, 1 << 20) < 0) {
    perror("pipe");
    exit(1);
  }
  char request[4096];
  for (;;) {
    int count = epoll_wait(events, ready, 64, -1);
    for (int i = 0; i < count; i++) {
      int fd = ready[i].data.fd;
      if (fd == listening) {
        int connection = accept4(listening, NULL, NULL, SOCK_NONBLOCK), on = 1;
        if (connection < 0) continue;
        setsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        struct epoll_event wait_request = {EPOLLIN, {.fd = connection}};
        epoll_ctl(events, EPOLL_CTL_ADD, connection, &wait_request);
        continue;
      }
      // One request per read: wrk sends the next only after the answer.
      if (recv(fd, request, sizeof request, 0) <= 0 ||
          (by_reference ? send_by_reference(fd, pipe_ends[0], pipe_ends[1]) : send_copied(fd)) < 0)
        close(fd);
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 4 || (strcmp(argv[1], "send") && strcmp(argv[1], "splice"))) {
    fprintf(stderr, "usage: server send|splice PORT BYTES\n");
    return 2;
  }
  by_reference = strcmp(argv[1], "splice") == 0;
  body_length = strtoul(argv[3], NULL, 10);
  body = aligned_alloc(4096, (body_length + 4095) / 4096 * 4096);
  for (size_t i = 0; i < body_length; i++) body[i] = (char)(i * 7);
  head_length = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: %zu\r\n\r\n", body_length);
  int listening = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), on = 1;
  setsockopt(listening, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(listening, (struct sockaddr *)&address, sizeof address) != 0 || listen(listening, 1024) != 0) {
    perror("bind");
    return 1;
  }
  for (int worker = 0; worker < 2; worker++)
    if (fork() == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);  // no worker outlives the server, however it ends
      serve(listening);
    }
  for (;;) pause();
}
