#pragma once
// Who asks a use case to act, and how they proved it. Built by the transport (http/identity.cpp
// from a request, app/commands.cpp for the command line); the use cases never see a request.

#include <string>

#include "domain/viewer.hpp"

namespace tribune::service {

struct Actor {
    domain::Viewer viewer;
    std::string author_token;     // the raw author token presented, if it is well-formed
    bool credentials = false;     // any credentials at all were presented
    bool admin_token = false;     // proved by the configured admin token (automation)
    bool session = false;         // proved by a logged-in session
    bool command_line = false;    // the operator at the server's command line (`tribune comment ...`)
    std::string session_token_hash;
    std::string client_ip;        // the client's network (http/client_network), for limits and bans

    /// The name the audit log shows for what this actor does.
    std::string actor_name() const;

    /// The operator at the command line: admin rights, audited as "cli".
    static Actor command_line_operator();
};

}  // namespace tribune::service
