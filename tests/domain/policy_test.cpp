#include "domain/policy.hpp"
#include <gtest/gtest.h>
