/* embed.h: compile a model file into the binary as read-only bytes. */
#ifndef NS_EMBED_H
#define NS_EMBED_H

/*
 * NS_EMBED(ns_lang_model, "models/lang.bin") defines the arrays
 * ns_lang_model[] and ns_lang_model_end[] holding the file's bytes; the
 * path is relative to the top directory, where make runs the compiler.
 * The object that uses it must depend on the file in the Makefile
 * (models/DEPS lists these).  ELF targets (gcc, clang) only.
 */
#define NS_EMBED(sym, path)						\
	__asm__(".section .rodata\n"					\
	    ".balign 64\n"						\
	    ".global " #sym "\n"					\
	    #sym ":\n"							\
	    ".incbin \"" path "\"\n"					\
	    ".global " #sym "_end\n"					\
	    #sym "_end:\n"						\
	    ".byte 0\n"							\
	    ".previous\n");						\
	extern const unsigned char sym[], sym##_end[]

#endif
