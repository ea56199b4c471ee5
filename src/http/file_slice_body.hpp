#pragma once
// A Beast body that sends part of an open file, read 64 KiB at a time as the socket takes it:
// media answers (handlers/media_api.cpp) never hold a whole file in memory. Internal to
// http_session.cpp.

#include <unistd.h>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include <algorithm>
#include <cstdint>
#include <utility>

namespace tribune::http {

struct FileSliceBody {
    /// The open file (owned: closed with the message), where the slice starts and its length.
    class value_type {
    public:
        value_type() = default;
        value_type(value_type&& o) noexcept
            : fd(std::exchange(o.fd, -1)), offset(o.offset), length(o.length) {}
        value_type& operator=(value_type&& o) noexcept {
            if (this != &o) {
                close();
                fd = std::exchange(o.fd, -1);
                offset = o.offset;
                length = o.length;
            }
            return *this;
        }
        ~value_type() { close(); }

        int fd = -1;
        std::uint64_t offset = 0;
        std::uint64_t length = 0;

    private:
        void close() {
            if (fd >= 0) ::close(fd);
            fd = -1;
        }
    };

    static std::uint64_t size(const value_type& v) { return v.length; }

    class writer {
    public:
        using const_buffers_type = boost::asio::const_buffer;

        template <bool isRequest, class Fields>
        writer(boost::beast::http::header<isRequest, Fields>&, value_type& body)
            : body_(body), position_(body.offset), remain_(body.length) {}

        void init(boost::beast::error_code& ec) { ec = {}; }

        boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
            if (remain_ == 0) {
                ec = {};
                return boost::none;
            }
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(remain_, sizeof buffer_));
            ssize_t n;
            do {
                n = ::pread(body_.fd, buffer_, want, static_cast<off_t>(position_));
            } while (n < 0 && errno == EINTR);
            if (n <= 0) {  // the file shrank or failed: the connection ends short, never pads
                ec = boost::beast::errc::make_error_code(boost::beast::errc::io_error);
                return boost::none;
            }
            position_ += static_cast<std::uint64_t>(n);
            remain_ -= static_cast<std::uint64_t>(n);
            ec = {};
            return std::pair{const_buffers_type(buffer_, static_cast<std::size_t>(n)), remain_ > 0};
        }

    private:
        value_type& body_;
        std::uint64_t position_;
        std::uint64_t remain_;
        char buffer_[64 * 1024];
    };
};

}  // namespace tribune::http
