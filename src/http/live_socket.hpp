#pragma once
// Socket settings shared by the live streams.

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <chrono>

namespace tribune::http {

/// How long sent bytes may stay unacknowledged before the kernel gives up on the peer.
inline constexpr std::chrono::milliseconds kDeadPeerTimeout{20000};

/// A reader whose machine vanished (no FIN, no RST) never acknowledges the pings or heartbeats
/// sent to it: the connection then fails within kDeadPeerTimeout, its pending read completes
/// with an error and the reader leaves the page. Best effort: a failure is ignored.
inline void detect_dead_peers(int fd) {
    const unsigned int ms = static_cast<unsigned int>(kDeadPeerTimeout.count());
    ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &ms, sizeof ms);
}

/// The send buffer asked for one live reader (Linux doubles it for its bookkeeping: 128 KB).
/// Left alone it grows up to tcp_wmem's maximum (4 MB by default) for a reader that stops
/// reading: kernel memory a client could claim per stream. Live frames are small; past this the
/// stream's own bounded queue (FrameQueue) waits, and then the reader is dropped. Best effort.
inline constexpr int kLiveSendBuffer = 64 * 1024;

inline void bound_send_buffer(int fd) {
    const int bytes = kLiveSendBuffer;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
}

}  // namespace tribune::http
