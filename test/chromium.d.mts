/** The Chromium the tests drive. */
export declare const chromiumPath: string;
/** The flags every launch passes. */
export declare const chromiumArgs: string[];
