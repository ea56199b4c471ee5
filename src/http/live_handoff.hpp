#pragma once
// A connection on its way from the HTTP session to a live session: the stream and the request
// Beast read on it. Internal to the server (includes Beast): http_session.cpp and live_endpoint.cpp.

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace tribune::http {

struct LiveHandoff {
    boost::beast::tcp_stream& stream;
    boost::beast::http::request<boost::beast::http::string_body>& message;
};

}  // namespace tribune::http
