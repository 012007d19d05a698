/** Mounts the key management API and console in a Jakarta Servlet 6 container (Jetty, Tomcat, Spring Boot). */
package dev.latchkey.admin.servlet;
