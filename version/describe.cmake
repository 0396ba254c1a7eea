# Writes version.cpp with the release and `git describe` of SOURCE_DIR. Run at every
# build; configure_file leaves the file alone when nothing changed, so a build without a
# new commit recompiles nothing. DESCRIBE, when given, is used as is (a source tarball).
if(NOT DESCRIBE)
  find_program(GIT_PROGRAM git)
  if(GIT_PROGRAM)
    execute_process(COMMAND ${GIT_PROGRAM} describe --tags --always --dirty
      WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE DESCRIBE
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
  endif()
  if(failed OR NOT DESCRIBE)
    set(DESCRIBE unknown)
  endif()
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.cpp.in ${OUTPUT} @ONLY)
