# Cold-build speed (docs/development.md, "Build times"): each target compiles in unity batches
# (several .cpp files in one translation unit, so shared headers are parsed and their inline
# code generated once per batch) over a precompiled header of what nearly every file includes.
# TRIBUNE_UNITY_BUILD=OFF compiles file by file (to see that each file includes what it uses).

option(TRIBUNE_UNITY_BUILD "Compile each target in unity batches" ON)

# The standard headers most files use, and Boost.System's result (domain/error.hpp: everywhere).
set(TRIBUNE_PCH_COMMON
    <algorithm> <array> <atomic> <chrono> <cstddef> <cstdint> <functional> <map> <memory>
    <mutex> <optional> <string> <string_view> <unordered_map> <utility> <vector>
    <boost/system/result.hpp>)

# tribune_build_speed(TARGET BATCH n [HEADERS extra...]): unity batches of n files, and a
# precompiled header of the common list plus the target's own heavy headers.
function(tribune_build_speed target)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "BATCH" "HEADERS")
    if(TRIBUNE_UNITY_BUILD)
        set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${arg_BATCH})
    endif()
    target_precompile_headers(${target} PRIVATE ${TRIBUNE_PCH_COMMON} ${arg_HEADERS})
endfunction()

# tribune_unity_groups(TARGET GROUP name files... [GROUP name files...]): named batches instead of
# batches in list order, where it matters which files share one: the files that include Boost.Beast
# parse it once together, and files whose file-local helpers share names stay apart. A file in no
# group is compiled on its own.
function(tribune_unity_groups target)
    if(NOT TRIBUNE_UNITY_BUILD)
        return()
    endif()
    set_target_properties(${target} PROPERTIES UNITY_BUILD_MODE GROUP)
    set(group "")
    set(next_is_name FALSE)
    foreach(arg IN LISTS ARGN)
        if(arg STREQUAL "GROUP")
            set(next_is_name TRUE)
        elseif(next_is_name)
            set(group ${arg})
            set(next_is_name FALSE)
        else()
            set_source_files_properties(${arg} PROPERTIES UNITY_GROUP ${group})
        endif()
    endforeach()
endfunction()
