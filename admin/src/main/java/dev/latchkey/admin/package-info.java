/**
 * The key management API and console: {@link dev.latchkey.admin.AdminHandler} answers an
 * {@link dev.latchkey.admin.AdminRequest} with an {@link dev.latchkey.admin.AdminResponse}, and reports
 * every change as an {@link dev.latchkey.admin.AdminEvent}.
 */
package dev.latchkey.admin;
