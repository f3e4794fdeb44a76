package io.mailing.console.customer;

import io.mailing.console.page.UploadLimit;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The CSV import of customers: the upload form, and the session's latest import with its progress and the rows it
 * refused, live while it runs. An upload over {@link UploadLimit#MAX_UPLOAD} is sent back here by {@link UploadLimit}
 * and told so next to the file field.
 */
@Controller
class ImportPages {

    private final CustomerImports imports;

    ImportPages(CustomerImports imports) {
        this.imports = imports;
    }

    @GetMapping("/customers/import")
    String form(@RequestParam(name = "too-large", required = false) String tooLarge, HttpSession session, Model model) {
        if (tooLarge == null) {
            return page(session, model, null);
        }
        return page(
                session,
                model,
                "The file is larger than " + UploadLimit.MAX_UPLOAD.toMegabytes()
                        + " MB: split it into smaller files and import them one after the other.");
    }

    @GetMapping("/customers/import/progress")
    String progress(HttpSession session, Model model) {
        model.addAttribute("job", imports.latest(session));
        return "console/customer-import :: progress";
    }

    @PostMapping("/customers/import")
    String upload(
            @RequestParam(name = "file", required = false) MultipartFile file,
            HttpSession session,
            Model model,
            HttpServletResponse response)
            throws IOException {
        String problem;
        HttpStatus status = HttpStatus.UNPROCESSABLE_ENTITY;
        if (file == null || file.isEmpty()) {
            problem = "Choose a CSV file with a header row and at least one customer.";
        } else {
            try {
                imports.start(session, name(file), CustomerCsv.of(file.getBytes()));
                return "redirect:/customers/import";
            } catch (CustomerCsv.Unreadable unreadable) {
                problem = unreadable.getMessage();
            } catch (CustomerImports.AlreadyRunning running) {
                problem = running.getMessage();
                status = HttpStatus.CONFLICT;
            } catch (CustomerImports.Busy busy) {
                problem = busy.getMessage();
                status = HttpStatus.SERVICE_UNAVAILABLE;
            }
        }
        response.setStatus(status.value());
        return page(session, model, problem);
    }

    private String page(HttpSession session, Model model, String problem) {
        model.addAttribute("job", imports.latest(session));
        model.addAttribute("problem", problem);
        model.addAttribute("maxMegabytes", UploadLimit.MAX_UPLOAD.toMegabytes());
        model.addAttribute("chunk", CustomerImports.CHUNK);
        return "console/customer-import";
    }

    private static String name(MultipartFile file) {
        String name = file.getOriginalFilename();
        return name == null || name.isBlank() ? "the file" : name;
    }
}
