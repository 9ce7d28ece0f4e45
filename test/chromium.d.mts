/** The Chromium the tests drive. */
export declare const chromiumPath: string;
/** The flags every launch passes. */
export declare const chromiumArgs: string[];
/** The flags for screenshots compared pixel by pixel: chromiumArgs without partial raster. */
export declare const screenshotArgs: string[];
